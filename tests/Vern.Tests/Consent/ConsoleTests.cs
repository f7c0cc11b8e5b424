using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class ConsoleTests
{
    [Fact]
    public async Task Marketing_sees_rates_per_day_as_a_chart_and_a_table_and_verifies_the_chain_but_cannot_find_visitors()
    {
        await using var app = await TestApp.StartAsync();
        using (var api = app.CreateClient())
        {
            await ConsentApi.RecordAsync(api, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(api), action: "accept_all", analytics: true, marketing: true));
            await ConsentApi.RecordAsync(api, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(api), action: "custom", analytics: true, marketing: false));
            await ConsentApi.RecordAsync(api, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(api), action: "reject_all", analytics: false, marketing: false));
            await ConsentApi.RecordAsync(api, ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(api), action: "reject_all", analytics: false, marketing: false));
        }
        await StaffSessions.CreateAsync(app, "mia@example.com", "marketing");
        using var client = await StaffSessions.SignInAsync(app, "mia@example.com");

        var page = await client.GetStringAsync("/admin/consent?Verify=true");

        Assert.Contains("<svg class=\"chart\"", page, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", page, StringComparison.Ordinal);
        Assert.Contains("height=\"50\"", page, StringComparison.Ordinal);
        Assert.Contains("height=\"25\"", page, StringComparison.Ordinal);
        var today = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches($@"<th scope=""row""><time datetime=""{today}"">{today}</time></th>\s*<td>4</td>\s*<td>2 \(50 %\)</td>\s*<td>1 \(25 %\)</td>", page);
        Assert.Contains("The ledger is intact: 4 records verified", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/consent/visitor", page, StringComparison.Ordinal);

        var visitor = await client.GetAsync("/admin/consent/visitor");
        Assert.Equal("/admin/denied", visitor.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task The_console_reports_a_broken_chain()
    {
        await using var app = await TestApp.StartAsync();
        using (var api = app.CreateClient())
            for (var i = 0; i < 3; i++)
                await ConsentApi.RecordAsync(api);
        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AppDb>().Database.ExecuteSqlRawAsync("DELETE FROM ConsentRecords WHERE Sequence = 2");
        await StaffSessions.CreateAsync(app, "aud@example.com", "auditor");
        using var client = await StaffSessions.SignInAsync(app, "aud@example.com");

        var page = await client.GetStringAsync("/admin/consent?Verify=true");

        Assert.Contains("The ledger is broken at record 3 (last good record 1)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Support_finds_a_visitors_decisions_and_the_search_is_audited_without_the_visitor_id()
    {
        await using var app = await TestApp.StartAsync();
        string visitor;
        using (var api = app.CreateClient())
        {
            visitor = await ConsentApi.IssueVisitorIdAsync(api);
            await ConsentApi.RecordAsync(api, ConsentApi.Body(visitor, action: "accept_all", analytics: true, marketing: true));
            await ConsentApi.RecordAsync(api, ConsentApi.Body(visitor, action: "withdraw", analytics: false, marketing: false));
            await ConsentApi.RecordAsync(api);
        }
        await StaffSessions.CreateAsync(app, "sam@example.com", "support");
        using var client = await StaffSessions.SignInAsync(app, "sam@example.com");

        var page = await client.GetStringAsync($"/admin/consent/visitor?VisitorId={visitor}");

        Assert.Contains("2 decisions, newest first", page, StringComparison.Ordinal);
        Assert.Contains("<code>withdraw</code>", page, StringComparison.Ordinal);
        Assert.Contains("<code>accept_all</code>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/consent")).StatusCode);

        await using var scope = app.CreateScope();
        var entry = await scope.ServiceProvider.GetRequiredService<AppDb>().AuditEntries.SingleAsync(e => e.Action == "consent.searched");
        Assert.Equal("sam@example.com", entry.Actor);
        Assert.Equal("2 decisions", entry.Details);
        Assert.DoesNotContain(visitor, entry.Details ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Support_finds_the_same_decisions_by_the_pseudonym_a_receipt_names_and_nothing_by_a_forged_id()
    {
        await using var app = await TestApp.StartAsync();
        string pseudonym;
        using (var api = app.CreateClient())
        {
            var visitor = await ConsentApi.IssueVisitorIdAsync(api);
            await ConsentApi.RecordAsync(api, ConsentApi.Body(visitor, action: "accept_all", analytics: true, marketing: true));
            var receipt = await ConsentApi.RecordAsync(api, ConsentApi.Body(visitor, action: "withdraw", analytics: false, marketing: false));
            pseudonym = (await ConsentApi.ConsentFieldsAsync(api, receipt["id"]!.GetValue<string>())).GetProperty("piiPrincipalId").GetString()!;
        }
        await StaffSessions.CreateAsync(app, "sam@example.com", "support");
        using var client = await StaffSessions.SignInAsync(app, "sam@example.com");

        Assert.Contains("2 decisions, newest first", await client.GetStringAsync($"/admin/consent/visitor?VisitorId={pseudonym}"), StringComparison.Ordinal);
        Assert.Contains("No decision of this visitor is recorded.",
            await client.GetStringAsync($"/admin/consent/visitor?VisitorId={ConsentApi.UnissuedVisitorId}"), StringComparison.Ordinal);
    }
}
