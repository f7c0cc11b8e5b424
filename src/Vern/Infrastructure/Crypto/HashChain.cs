using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// What the audit trail and the consent ledger share: how an entry's fields are hashed together
/// with its predecessor's hash, and how instants are stored so that the hash still matches.
/// </summary>
internal static class HashChain
{
    /// <summary>The predecessor of the first entry of a chain.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// SHA-256 over the fields, each length-prefixed, so moving text from one field into another
    /// changes the hash. Hex, lower case.
    /// </summary>
    public static string Compute(params ReadOnlySpan<string> fields) =>
        Convert.ToHexStringLower(SHA256.HashData(Encode(fields)));

    /// <summary>The fields, each length-prefixed, as the bytes that are hashed or authenticated.</summary>
    public static byte[] Encode(params ReadOnlySpan<string> fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>PostgreSQL keeps microseconds; hashing exactly what is stored keeps the chain verifiable.</summary>
    public static DateTime Truncate(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    public static string Ticks(DateTime at) => at.Ticks.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
