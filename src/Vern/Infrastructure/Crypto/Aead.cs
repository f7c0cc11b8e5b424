using System.Security.Cryptography;

namespace Vern.Infrastructure.Crypto;

/// <summary>AES-256-GCM with a random nonce: <c>version(1) | nonce(12) | ciphertext | tag(16)</c>.</summary>
internal static class Aead
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[1 + NonceSize + plaintext.Length + TagSize];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(output.Length - TagSize), associatedData);
        return output;
    }

    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData)
    {
        if (sealedData.Length < 1 + NonceSize + TagSize || sealedData[0] != Version)
            throw new CryptographicException("The sealed value has an unknown format.");
        var plaintext = new byte[sealedData.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData.Slice(1, NonceSize), sealedData.Slice(1 + NonceSize, plaintext.Length), sealedData[^TagSize..], plaintext, associatedData);
        return plaintext;
    }
}
