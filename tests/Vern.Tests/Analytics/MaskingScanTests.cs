using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;
using Vern.Tests.Subjects;

namespace Vern.Tests.Analytics;

/// <summary>
/// The promise of the definition's "IP address (masked before storage)": events sent from known IPv4 and IPv6
/// addresses with a full User-Agent, by a consenting visitor and on a cookieless site, leave neither the address
/// nor the header in any database file, table or log line (captured at the most detailed level).
/// </summary>
public sealed class MaskingScanTests
{
    private const string Ipv4 = "203.0.113.77";
    private const string Ipv6 = "2001:db8:1234:5678:9abc:def0:1357:2468";
    private const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36 Edg/131.0.2903.86";

    private static readonly string[] Needles =
    [
        Ipv4, Ipv6, "9abc:def0", "1357:2468", "2001:0db8:1234:5678:9abc", UserAgent, "6778.85", "2903.86", "Windows NT 10.0", "Win64",
    ];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Neither_the_address_nor_the_user_agent_reaches_any_database_or_log(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider, new Dictionary<string, string?> { ["Vern:TrustedProxies"] = "127.0.0.1" });
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
        var page = new Uri(app.BaseAddress, "/pricing");
        foreach (var from in new[] { Ipv4, Ipv6 })
            Assert.Equal(HttpStatusCode.Accepted, (await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(page)], UserAgent, from)).StatusCode);
        await AnalyticsApi.SetAnalyticsAsync(app, $"analytics:\n  purpose: site-statistics\n  cookielessSites: [{app.BaseAddress.Host}]");
        foreach (var from in new[] { Ipv4, Ipv6 })
            Assert.Equal(HttpStatusCode.Accepted, (await AnalyticsApi.SendAsync(client, null, [AnalyticsApi.PageView(page)], UserAgent, from)).StatusCode);

        var stored = await AnalyticsApi.StoredAsync(app, atLeast: 4);
        Assert.Equal(4, stored.Count);
        Assert.All(stored, e => Assert.Equal(("Edge", 131), (e.Browser, e.BrowserVersion)));

        if (provider == Provider.Sqlite)
        {
            SqlitePools.Clear(app.DataDirectory);
            var files = Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith("vern.db", StringComparison.Ordinal));
            foreach (var file in files)
                PlaintextScanTests.AssertAbsent(await File.ReadAllBytesAsync(file), Needles, file);
        }
        else
        {
            var dump = await PlaintextScanTests.DumpAsync(app.Get<IConfiguration>().GetConnectionString("Vern")!);
            Assert.Contains("AnalyticsEvents", dump, StringComparison.Ordinal);
            PlaintextScanTests.AssertAbsent(Encoding.UTF8.GetBytes(dump), Needles, "the database");
        }
        PlaintextScanTests.AssertAbsent(Encoding.UTF8.GetBytes(app.Logs.All), Needles, "logs");
        Assert.NotEmpty(app.Logs.Lines);
    }

    [Fact]
    public async Task Neither_the_address_nor_the_user_agent_reaches_an_exported_trace()
    {
        // An OpenTelemetry collector as an operator would run one: OTLP over HTTP, each export's body kept as sent.
        var exports = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Urls.Single();

        await using (var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Vern:TrustedProxies"] = "127.0.0.1",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }))
        {
            using var client = app.CreateClient();
            var visitor = await ConsentApi.IssueVisitorIdAsync(client);
            await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
            foreach (var from in new[] { Ipv4, Ipv6 })
                Assert.Equal(HttpStatusCode.Accepted, (await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(new Uri(app.BaseAddress, "/"))], UserAgent, from)).StatusCode);
            await AnalyticsApi.StoredAsync(app, atLeast: 2);
        }

        // Stopping Vern flushed its traces: the collector has the requests, and neither the address nor the header.
        var all = exports.SelectMany(b => b).ToArray();
        Assert.True(all.AsSpan().IndexOf("/api/v1/analytics/events"u8) >= 0, "The collector received no trace of the analytics requests.");
        // The trace starts before the proxy's header is read, so it names the proxy's connection, masked too.
        Assert.True(all.AsSpan().IndexOf("127.0.0.0/24"u8) >= 0, "The trace does not name the connection's masked network.");
        PlaintextScanTests.AssertAbsent(all, Needles, "the exported traces");
    }
}
