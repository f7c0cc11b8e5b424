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
    /// changes the hash; a null field is written as <c>~</c>, which no length-prefixed value can be,
    /// so null and empty hash differently. Hex, lower case.
    /// </summary>
    public static string Compute(params ReadOnlySpan<string?> fields)
    {
        var text = new StringBuilder("v2|");
        foreach (var field in fields)
        {
            if (field is null)
                text.Append("~|");
            else
                text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }
        return Hash(text);
    }

    /// <summary>
    /// The first version, which wrote null as empty. Chains begun before version 2 keep their older
    /// entries: a verifier accepts it only before the first version-2 entry, never after.
    /// </summary>
    public static string ComputeVersion1(params ReadOnlySpan<string?> fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
            text.Append((field ?? "").Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        return Hash(text);
    }

    /// <summary>The fields, each length-prefixed, as the bytes that are authenticated.</summary>
    public static byte[] Encode(params ReadOnlySpan<string> fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Whether <paramref name="hash"/> belongs to <paramref name="fields"/>. <paramref name="version2Seen"/>
    /// is the walk's state: true once an entry of version 2 has been seen, after which version 1 is refused.
    /// </summary>
    public static bool Matches(string hash, ref bool version2Seen, params ReadOnlySpan<string?> fields)
    {
        if (Compute(fields) == hash)
            return version2Seen = true;
        return !version2Seen && ComputeVersion1(fields) == hash;
    }

    private static string Hash(StringBuilder text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

    /// <summary>PostgreSQL keeps microseconds; hashing exactly what is stored keeps the chain verifiable.</summary>
    public static DateTime Truncate(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    public static string Ticks(DateTime at) => at.Ticks.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
