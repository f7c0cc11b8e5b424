using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Ropa;

public sealed class RopaConsoleTests : IAsyncLifetime
{
    private static readonly string[] Downloads = ["/admin/ropa.json", "/admin/ropa.csv", "/admin/ropa-processor.csv"];
    private TestApp app = null!;

    public async Task InitializeAsync()
    {
        // The golden files' date: a fresh app's first model version is version 1, as there.
        var time = new FakeTimeProvider(RopaSamples.GeneratedAt);
        app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        foreach (var role in new[] { StaffRoles.Auditor, StaffRoles.Support, StaffRoles.Marketing })
            await StaffSessions.CreateAsync(app, $"{role}@example.com", role);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_auditor_downloads_the_golden_files_and_each_download_is_audited()
    {
        using var client = await StaffSessions.SignInAsync(app, "auditor@example.com");

        var json = await client.GetAsync("/admin/ropa.json");
        var csv = await client.GetAsync("/admin/ropa.csv");
        var processor = await client.GetAsync("/admin/ropa-processor.csv");

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ropa-v1-2025-03-01.json", json.Content.Headers.ContentDisposition?.FileName);
        Golden.AssertSame("ropa.json", Golden.Read("ropa.json"), await json.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ropa-v1-2025-03-01-controller.csv", csv.Content.Headers.ContentDisposition?.FileName);
        Golden.AssertSame("ropa-controller.csv", Golden.Read("ropa-controller.csv"), await csv.Content.ReadAsByteArrayAsync());
        Assert.Equal("ropa-v1-2025-03-01-processor.csv", processor.Content.Headers.ContentDisposition?.FileName);
        Golden.AssertSame("ropa-processor.csv", Golden.Read("ropa-processor.csv"), await processor.Content.ReadAsByteArrayAsync());

        await using var scope = app.CreateScope();
        var exports = await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries
            .Where(e => e.Action == "ropa.exported").OrderBy(e => e.Sequence).Select(e => new { e.Actor, e.Details }).ToListAsync();
        Assert.Equal(
            ["json, model version 1", "csv (controller record), model version 1", "csv (processor record), model version 1"],
            exports.Select(e => e.Details));
        Assert.All(exports, e => Assert.Equal("auditor@example.com", e.Actor));
    }

    [Fact]
    public async Task An_auditor_opens_the_printable_record_without_inline_script_or_style()
    {
        using var client = await StaffSessions.SignInAsync(app, "auditor@example.com");

        var response = await client.GetAsync("/admin/ropa");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Records of processing activities", html, StringComparison.Ordinal);
        Assert.Contains("Running a secure website", html, StringComparison.Ordinal);
        Assert.Contains("Processor record (Article 30(2))", html, StringComparison.Ordinal);
        Assert.Contains("standard contractual clauses (2021), module 2, transfer impact assessment of 2024-11-01", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/ropa.csv\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(StaffRoles.Support)]
    [InlineData(StaffRoles.Marketing)]
    public async Task Support_and_marketing_are_refused_the_page_and_the_downloads(string role)
    {
        using var client = await StaffSessions.SignInAsync(app, $"{role}@example.com");

        foreach (var path in Downloads.Prepend("/admin/ropa"))
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/admin/denied",
                $"{role} should be refused {path} but got {response.StatusCode} {response.Headers.Location}");
        }
        var overview = await client.GetStringAsync("/admin");
        Assert.DoesNotContain("/admin/ropa", overview, StringComparison.Ordinal);
    }
}
