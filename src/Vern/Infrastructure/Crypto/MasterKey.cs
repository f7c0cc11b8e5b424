using System.Security.Cryptography;
using System.Text;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// The key that wraps every data key. It never touches a database: it comes from configuration
/// (<c>Vern:MasterKey</c>, base64 of 32 bytes) or from a file of its own.
/// </summary>
internal sealed class MasterKey
{
    public const int Size = 32;
    private readonly byte[] key;

    public MasterKey(byte[] key)
    {
        if (key.Length != Size)
            throw new ArgumentException($"A master key is {Size} bytes.", nameof(key));
        this.key = key.ToArray();
        Id = Convert.ToHexStringLower(SHA256.HashData([.. "vern-master-key-id"u8, .. key]))[..16];
    }

    /// <summary>Identifies the key without revealing it; stored next to each wrapped data key.</summary>
    public string Id { get; }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    public static MasterKey FromBase64(string text) => new(Convert.FromBase64String(text.Trim()));

    public string ToBase64() => Convert.ToBase64String(key);

    public byte[] Wrap(byte[] dataKey, string owner) => Aead.Seal(key, dataKey, Encoding.UTF8.GetBytes("wrap:" + owner));

    public byte[] Unwrap(byte[] wrapped, string owner) => Aead.Open(key, wrapped, Encoding.UTF8.GetBytes("wrap:" + owner));
}
