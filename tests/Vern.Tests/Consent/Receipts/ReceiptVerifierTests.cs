using System.Text;
using Vern.Features.Consent.Verification;

namespace Vern.Tests.Consent.Receipts;

/// <summary>
/// Receipts of a test log of their own verify with <see cref="ReceiptVerifier"/> against the log's key set,
/// and every alteration of a full receipt, its proof, its head or its signature is refused, naming what failed.
/// </summary>
public sealed class ReceiptVerifierTests : IDisposable
{
    private readonly ReceiptLog log = new();
    private readonly ReceiptKeySet keys;

    public ReceiptVerifierTests() => keys = ReceiptKeySet.Read(Encoding.UTF8.GetBytes(ReceiptLog.Jwks(log.Key)))!;

    [Fact]
    public void Every_compact_receipt_of_every_tree_size_verifies()
    {
        var verifier = new ReceiptVerifier(keys);
        for (var size = 1; size <= log.Size; size++)
            for (var index = 0; index < size; index++)
            {
                var verdict = verifier.VerifyCompact(log.Receipt(index, size).Encode());
                Assert.True(verdict.Verified, $"record {index} of {size}: {verdict.Problem}");
                Assert.Equal((index, size, ReceiptLog.HeadTime(size), log.Key.Kid), (verdict.Receipt!.Index, verdict.Receipt.Size, verdict.Receipt.Time, verdict.Receipt.Kid));
            }
    }

    [Fact]
    public void Every_full_receipt_verifies_and_names_its_record()
    {
        var verifier = new ReceiptVerifier(keys);
        for (var index = 0; index < log.Size; index++)
        {
            var full = log.Full(index);
            var verdict = verifier.VerifyFull(Encoding.UTF8.GetBytes(full.ToJsonString()));
            Assert.True(verdict.Verified, $"record {index}: {verdict.Problem} {verdict.Field}");
            Assert.Equal(full["consent"]!["consentReceiptID"]!.GetValue<string>(), verdict.RecordId);
        }
    }

    public static TheoryData<string> Altered => Alterations.Theory();

    [Theory]
    [MemberData(nameof(Altered))]
    public void An_altered_receipt_is_refused_naming_what_failed(string alteration)
    {
        var verdict = new ReceiptVerifier(keys).VerifyFull(Encoding.UTF8.GetBytes(Alterations.Apply(log, alteration).ToJsonString()));

        Assert.Equal(Alterations.Problem(alteration), verdict.Problem);
    }

    [Fact]
    public void A_head_verified_once_does_not_let_an_altered_signature_of_it_through()
    {
        var verifier = new ReceiptVerifier(keys);
        Assert.True(verifier.VerifyCompact(log.Receipt(4).Encode()).Verified);

        // Another record of the same commit shares the head, and verifies; the same head with another signature does not.
        Assert.True(verifier.VerifyCompact(log.Receipt(9).Encode()).Verified);
        var receipt = log.Receipt(4);
        var signature = receipt.Signature.ToArray();
        signature[0] ^= 1;
        Assert.Equal(ReceiptProblem.BadSignature, verifier.VerifyCompact((receipt with { Signature = signature }).Encode()).Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a receipt")]
    [InlineData("AQ")]
    public void Text_that_is_not_a_receipt_is_bad_encoding(string text) =>
        Assert.Equal(ReceiptProblem.BadEncoding, new ReceiptVerifier(keys).VerifyCompact(text).Problem);

    [Fact]
    public void A_padded_or_wrapped_receipt_is_bad_encoding()
    {
        var compact = log.Receipt(3).Encode();
        var verifier = new ReceiptVerifier(keys);

        Assert.Equal(ReceiptProblem.BadEncoding, verifier.VerifyCompact(compact + "=").Problem);
        Assert.Equal(ReceiptProblem.BadEncoding, verifier.VerifyCompact(compact[..40] + "\n" + compact[40..]).Problem);
    }

    [Fact]
    public void A_key_set_without_the_kid_refuses_as_unknown_key()
    {
        using var other = new SigningKey();
        using var otherKeys = ReceiptKeySet.Read(Encoding.UTF8.GetBytes(ReceiptLog.Jwks(other)))!;

        var verdict = new ReceiptVerifier(otherKeys).VerifyCompact(log.Receipt(2).Encode());

        Assert.Equal(ReceiptProblem.UnknownKey, verdict.Problem);
        Assert.Equal(log.Key.Kid, verdict.Receipt!.Kid);
    }

    public void Dispose()
    {
        keys.Dispose();
        log.Dispose();
    }
}
