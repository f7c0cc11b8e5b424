using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

/// <summary>
/// Vern signs receipts with its own small signer (ADR 24); these tests check them the way a
/// visitor's or an auditor's software would, with Microsoft.IdentityModel's JWT library and
/// nothing but the published key set.
/// </summary>
public sealed class IndependentReceiptVerificationTests
{
    [Fact]
    public async Task A_receipt_from_the_api_verifies_with_the_published_key_set_in_a_standard_jwt_library()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        var created = await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true, marketing: false));
        var receipt = created["receipt"]!.GetValue<string>();
        var id = created["id"]!.GetValue<Guid>().ToString();

        var keys = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks.json"));
        var published = Assert.Single(keys.Keys);
        // The key id is the key's RFC 7638 thumbprint, as the library computes it.
        Assert.Equal(Base64UrlEncoder.Encode(published.ComputeJwkThumbprint()), published.Kid);

        var result = await Validate(receipt, keys);
        Assert.True(result.IsValid, result.Exception?.ToString());
        var token = Assert.IsType<JsonWebToken>(result.SecurityToken);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.Equal(published.Kid, token.Kid);
        Assert.Equal(id, token.Id);
        Assert.Equal(id, token.GetPayloadValue<string>("consentReceiptID"));

        // The receipt fetched again later by the decision's id verifies the same way.
        var stored = await ConsentApi.ReadJsonAsync(await client.GetAsync($"{ConsentApi.Decisions}/{id}"));
        Assert.True((await Validate(stored["receipt"]!.GetValue<string>(), keys)).IsValid);
    }

    [Fact]
    public async Task A_changed_receipt_or_a_receipt_from_another_installation_does_not_verify()
    {
        await using var app = await TestApp.StartAsync();
        await using var other = await TestApp.StartAsync();
        using var client = app.CreateClient();
        using var otherClient = other.CreateClient();
        var receipt = (await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), analytics: true, marketing: false)))["receipt"]!.GetValue<string>();
        var keys = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks.json"));
        Assert.True((await Validate(receipt, keys)).IsValid);

        // A visitor who turns a refusal into consent in the payload breaks the signature.
        var parts = receipt.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var changed = payload.Replace("\"categoriesRefused\":[\"marketing\"]", "\"categoriesRefused\":[]", StringComparison.Ordinal);
        Assert.NotEqual(payload, changed);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(changed)}.{parts[2]}";
        Assert.False((await Validate(forged, keys)).IsValid);

        // Another installation's key does not vouch for this one's receipts.
        var otherKeys = new JsonWebKeySet(await otherClient.GetStringAsync("/.well-known/jwks.json"));
        Assert.False((await Validate(receipt, otherKeys)).IsValid);
    }

    private static Task<TokenValidationResult> Validate(string receipt, JsonWebKeySet keys) =>
        new JsonWebTokenHandler().ValidateTokenAsync(receipt, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            // A receipt is proof of a past decision: it has no audience and does not expire.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
}
