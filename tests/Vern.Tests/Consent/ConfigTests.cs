using System.Net;
using Vern.Features.Model;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class ConfigTests
{
    [Fact]
    public async Task The_config_names_categories_and_services_from_the_model_and_revalidates_by_etag()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/v1/consent/config?lang=nb");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        var config = await ConsentApi.ReadJsonAsync(response);
        Assert.Equal(1, config["revision"]!.GetValue<int>());
        Assert.Equal("nb", config["language"]!.GetValue<string>());
        Assert.Equal(182, config["maxAgeDays"]!.GetValue<int>());
        Assert.Equal("Godta alle", config["texts"]!["acceptAll"]!.GetValue<string>());
        Assert.Equal(["necessary", "analytics", "marketing"], config["categories"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal("google-analytics", config["categories"]![1]!["services"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["marketing"], config["gpcRefuses"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("/privacy/policy?lang=nb", config["links"]!["policy"]!.GetValue<string>());

        var etag = response.Headers.ETag!;
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/v1/consent/config?lang=nb");
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var english = await client.GetAsync("/api/v1/consent/config?lang=xx");
        Assert.Equal("en", (await ConsentApi.ReadJsonAsync(english))["language"]!.GetValue<string>());
        Assert.NotEqual(etag, english.Headers.ETag);
    }

    [Fact]
    public async Task Adding_a_service_raises_the_revision_and_the_old_revision_is_still_accepted()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var before = await client.GetAsync("/api/v1/consent/config");

        var yaml = ModelStore.DefaultYaml().Replace(
            "cookies:\n  - name: vern_consent",
            "  - id: hotjar\n    name: Hotjar heatmaps\n    provider: google\n    category: analytics\n    purposes: [site-statistics]\n\ncookies:\n  - name: vern_consent",
            StringComparison.Ordinal);
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(yaml, "test", "adds a service", writeFile: false, CancellationToken.None));

        var after = await client.GetAsync("/api/v1/consent/config");
        var config = await ConsentApi.ReadJsonAsync(after);
        Assert.Equal(2, config["revision"]!.GetValue<int>());
        Assert.Contains(config["categories"]![1]!["services"]!.AsArray(), s => s!["id"]!.GetValue<string>() == "hotjar");
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);

        // A change outside consent (a new security measure) keeps the revision.
        var unrelated = yaml.Replace("    - Backups are encrypted and tested by restoring them.", "    - Backups are encrypted and tested by restoring them.\n    - Staff are trained yearly.", StringComparison.Ordinal);
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(unrelated, "test", null, writeFile: false, CancellationToken.None));
        Assert.Equal(2, (await ConsentApi.ReadJsonAsync(await client.GetAsync("/api/v1/consent/config")))["revision"]!.GetValue<int>());

        await ConsentApi.RecordAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), revision: 1));
        var withHotjar = ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), revision: 2);
        withHotjar["services"] = new System.Text.Json.Nodes.JsonObject { ["hotjar"] = true };
        await ConsentApi.RecordAsync(client, withHotjar);
        var unknownThen = ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), revision: 1);
        unknownThen["services"] = new System.Text.Json.Nodes.JsonObject { ["hotjar"] = true };
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentApi.PostAsync(client, unknownThen)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ConsentApi.PostAsync(client, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client), revision: 3))).StatusCode);
    }

    [Fact]
    public async Task Gpc_support_is_declared()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var gpc = await ConsentApi.ReadJsonAsync(await client.GetAsync("/.well-known/gpc.json"));

        Assert.True(gpc["gpc"]!.GetValue<bool>());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", gpc["lastUpdate"]!.GetValue<string>());
    }
}
