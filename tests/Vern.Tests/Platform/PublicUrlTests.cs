using System.Net;
using System.Net.Http.Json;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Platform;

/// <summary>
/// Links and issuers come from Vern:PublicUrl (or, unset, the address Vern listens on), never from the
/// request: whoever sends <c>Host: evil.example</c> must not receive someone else's confirmation token.
/// </summary>
public sealed class PublicUrlTests
{
    private const string Forged = "evil.example";
    private const string Public = "https://privacy.nordlys.example";

    [Fact]
    public async Task A_forged_Host_header_does_not_reach_the_link_in_the_confirmation_email()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = Forged;

        var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email = "kari.nordmann@example.no" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = Assert.Single(await RequestFlow.OutboxAsync(app));
        Assert.StartsWith(app.BaseAddress + "privacy/requests/verify?token=", RequestFlow.VerifyLinkIn(mail), StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_confirmation_link_points_at_the_configured_public_url()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:PublicUrl"] = Public });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = Forged;

        await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "objection", email = "kari.nordmann@example.no" });

        var mail = Assert.Single(await RequestFlow.OutboxAsync(app));
        Assert.StartsWith(Public + "/privacy/requests/verify?token=", RequestFlow.VerifyLinkIn(mail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_receipts_name_the_public_url_as_issuer_and_policy_whatever_the_Host_header()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:PublicUrl"] = Public });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = Forged;

        var recorded = await ConsentApi.RecordAsync(client);

        var payload = await ConsentApi.ConsentFieldsAsync(client, recorded["id"]!.GetValue<string>());
        Assert.Equal(Public, payload.GetProperty("iss").GetString());
        Assert.StartsWith(Public + "/privacy/policy?lang=en", payload.GetProperty("policyUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subprocessor_feed_links_only_to_the_public_url()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:PublicUrl"] = Public });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = Forged;

        var feed = await client.GetStringAsync("/privacy/subprocessors.atom?lang=en");

        Assert.Contains($"<id>{Public}/privacy/subprocessors</id>", feed, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Public}/privacy/subprocessors.atom?lang=en\"", feed, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, feed, StringComparison.Ordinal);
    }
}
