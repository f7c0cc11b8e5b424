using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vern.Infrastructure.Crypto;

namespace Vern.Tests.Consent;

/// <summary>
/// Receipt format 1 read and checked the way an auditor would, from its specification alone: the compact
/// receipt's bytes, the root from the inclusion proof, the tree head's JWS rebuilt byte for byte, and the ES256
/// signature checked with the published key. Nothing of Vern's but the RFC 9162 tree code is used.
/// </summary>
/// <remarks>
/// Deliberately a second reading of the format, apart from Vern's <c>CompactReceipt</c> and <c>SignedTreeHead</c>:
/// the tests hold the receipts and heads Vern issues against it, so a mistake in Vern's one codec shows up here
/// instead of agreeing with itself. It is the only one in the tests; everything else uses Vern's codec.
/// </remarks>
internal sealed record ReceiptFormat(long Index, long Size, long Time, string Kid, byte[] LeafHash, IReadOnlyList<byte[]> Proof, byte[] Signature, int Length)
{
    public static ReceiptFormat Decode(string compact)
    {
        var bytes = ConsentApi.Base64UrlDecode(compact);
        Assert.Equal(1, bytes[0]);
        var at = 1;
        long Next()
        {
            var value = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(at, 8));
            at += 8;
            return value;
        }
        var (index, size, time) = (Next(), Next(), Next());
        var kid = Encoding.ASCII.GetString(bytes, at + 1, bytes[at]);
        at += 1 + bytes[at];
        var leafHash = bytes[at..(at + 32)];
        at += 32;
        var proof = Enumerable.Range(0, bytes[at]).Select(i => bytes[(at + 1 + 32 * i)..(at + 33 + 32 * i)]).ToList();
        at += 1 + 32 * proof.Count;
        var signature = bytes[at..];
        Assert.Equal(64, signature.Length);
        return new ReceiptFormat(index, size, time, kid, leafHash, proof, signature, bytes.Length);
    }

    /// <summary>The root the proof leads to, from the leaf hash, index and size (RFC 9162 §2.1.3.2).</summary>
    public byte[] Root()
    {
        var (fn, sn) = (Index, Size - 1);
        var r = LeafHash;
        foreach (var p in Proof)
        {
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleTree.NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                    (fn, sn) = (fn >> 1, sn >> 1);
            }
            else
                r = MerkleTree.NodeHash(r, p);
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        Assert.Equal(0, sn);
        return r;
    }

    /// <summary>The signed tree head's JWS as the format rebuilds it.</summary>
    public string Jws() => SigningInput(Kid, Size, Root(), Time) + "." + Base64Url(Signature);

    public static string SigningInput(string kid, long size, byte[] root, long time) =>
        Base64Url(Encoding.UTF8.GetBytes($"{{\"alg\":\"ES256\",\"kid\":\"{kid}\"}}")) + "." +
        Base64Url(Encoding.UTF8.GetBytes($"{{\"size\":{size},\"root\":\"{Base64Url(root)}\",\"time\":{time}}}"));

    /// <summary>Whether the receipt verifies against the key set: the root it proves, signed by the key it names.</summary>
    public bool VerifiesWith(JsonElement jwks) =>
        VerifySignature(jwks, Kid, Encoding.ASCII.GetBytes(SigningInput(Kid, Size, Root(), Time)), Signature);

    public static bool VerifySignature(JsonElement jwks, string kid, byte[] signingInput, byte[] signature)
    {
        var key = jwks.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("kid").GetString() == kid);
        if (key.ValueKind != JsonValueKind.Object)
            return false;
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = ConsentApi.Base64UrlDecode(key.GetProperty("x").GetString()!), Y = ConsentApi.Base64UrlDecode(key.GetProperty("y").GetString()!) },
        });
        return ecdsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
