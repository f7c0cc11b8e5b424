using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

/// <summary>
/// Vern signs tree heads with its own small signer (ADR 24); these tests check them the way an auditor's
/// software would, with Microsoft.IdentityModel's JOSE library and nothing but the published key set.
/// </summary>
public sealed class IndependentReceiptVerificationTests
{
    [Fact]
    public async Task A_receipts_tree_head_verifies_with_the_published_key_set_in_a_standard_jose_library()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        var created = await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true, marketing: false));
        var id = created["id"]!.GetValue<Guid>().ToString();

        var keys = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks.json"));
        var published = Assert.Single(keys.Keys);
        // The key id is the key's RFC 7638 thumbprint, as the library computes it.
        Assert.Equal(Base64UrlEncoder.Encode(published.ComputeJwkThumbprint()), published.Kid);

        var head = (await ConsentApi.FullReceiptAsync(client, id)).GetProperty("head").GetString()!;
        var result = await Validate(head, keys);
        Assert.True(result.IsValid, result.Exception?.ToString());
        var token = Assert.IsType<JsonWebToken>(result.SecurityToken);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal(published.Kid, token.Kid);
        // The head the library accepted is the one the 201's compact receipt proves the decision in.
        var receipt = ReceiptFormat.Decode(created["receipt"]!.GetValue<string>());
        Assert.Equal(receipt.Size, token.GetPayloadValue<long>("size"));
        Assert.Equal(ReceiptFormat.Base64Url(receipt.Root()), token.GetPayloadValue<string>("root"));
        Assert.Equal(receipt.Jws(), head);
    }

    [Fact]
    public async Task A_changed_head_or_a_head_from_another_installation_does_not_verify()
    {
        await using var app = await TestApp.StartAsync();
        await using var other = await TestApp.StartAsync();
        using var client = app.CreateClient();
        using var otherClient = other.CreateClient();
        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), analytics: true, marketing: false));
        var head = JsonDocument.Parse(await client.GetStringAsync("/api/v1/consent/log/head")).RootElement.GetProperty("jws").GetString()!;
        var keys = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks.json"));
        Assert.True((await Validate(head, keys)).IsValid);

        // A head claiming a larger log than was signed breaks the signature.
        var parts = head.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var changed = payload.Replace("\"size\":1,", "\"size\":2,", StringComparison.Ordinal);
        Assert.NotEqual(payload, changed);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(changed)}.{parts[2]}";
        Assert.False((await Validate(forged, keys)).IsValid);

        // Another installation's key does not vouch for this one's heads.
        var otherKeys = new JsonWebKeySet(await otherClient.GetStringAsync("/.well-known/jwks.json"));
        Assert.False((await Validate(head, otherKeys)).IsValid);
    }

    private static Task<TokenValidationResult> Validate(string jws, JsonWebKeySet keys) =>
        new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            // A tree head is proof of the log at a past moment: it has no audience and does not expire.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
}
