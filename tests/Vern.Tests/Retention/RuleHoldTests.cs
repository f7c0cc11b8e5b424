using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Retention;

/// <summary>A rule with a legal hold keeps what it covers until the hold computed from the records ends, and then lets go.</summary>
public sealed class RuleHoldTests
{
    private const string Rule = """
          - id: contacts-2-years
            period: P2Y
            startsAt: last-activity
            action: delete
            description:
              en: Kept for 2 years after our last contact with you.
              nb: Lagres i 2 år etter siste kontakt med deg.

        """;

    [Theory]
    // The Bookkeeping Act: 5 years after the end of the financial year; 3.5 years for secondary documentation.
    [InlineData("P5Y", "2032-12-31")]
    [InlineData("P3Y6M", "2031-06-30")]
    public async Task A_legal_hold_keeps_contacts_until_its_period_after_the_end_of_the_financial_year_and_not_a_day_longer(string period, string lastDay)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        // Ola wrote before the definition said the law keeps these records; Kari after.
        var ola = await SubmitAsync(app, client, "ola@example.no");
        var held = ModelStore.DefaultYaml().Replace(Rule, Rule.TrimEnd('\n') + $"""

                legalHold:
                  law: Norwegian Bookkeeping Act § 13
                  period: {period}
                  description:
                    en: Accounting documentation is kept as the Bookkeeping Act requires.
                    nb: Regnskapsdokumentasjon oppbevares slik bokføringsloven krever.

            """, StringComparison.Ordinal);
        Assert.NotEqual(ModelStore.DefaultYaml(), held);
        Assert.Empty(await app.Get<ModelStore>().SaveAsync(held, "olga@example.com", null, writeFile: false, CancellationToken.None));
        time.Advance(TimeSpan.FromDays(1));
        var kari = await SubmitAsync(app, client, "kari@example.no");
        var until = DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture);

        // Kari's hold was placed with her record; Ola's by the next run, from the record already stored.
        Assert.Equal([(kari, until)], await HoldsAsync(app));
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.Equal([(kari, until), (ola, until)], (await HoldsAsync(app)).OrderBy(h => h.Item1 == ola));
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var placed = await db.AuditEntries.Where(e => e.Action == "subject-hold.placed").Select(e => new { e.Actor, e.Reason }).ToListAsync();
            Assert.Equal(2, placed.Count);
            Assert.All(placed, p => Assert.Equal(("system", "Norwegian Bookkeeping Act § 13"), (p.Actor, p.Reason)));
            Assert.EndsWith("holds placed or extended by the definition's legal holds: 1", await db.AuditEntries.Where(e => e.Action == "retention.run").Select(e => e.Details).SingleAsync(), StringComparison.Ordinal);
        }

        // Two years after the last contact the rule is due, but the law keeps both through the hold's last day.
        time.SetUtcNow(new DateTimeOffset(2029, 3, 12, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        time.SetUtcNow(new DateTimeOffset(until.Year, until.Month, until.Day, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        Assert.NotNull(await RevealAsync(app, kari));

        // The day after, the hold has ended by itself and the rule takes them.
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, (await RunAsync(app))!.Disposed[("contacts-2-years", "subjects")]);
        Assert.Null(await RevealAsync(app, kari));
        Assert.Null(await RevealAsync(app, ola));
    }

    private static async Task<List<(Guid, DateOnly)>> HoldsAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        var holds = await scope.ServiceProvider.GetRequiredService<AppDb>().SubjectHolds.AsNoTracking()
            .Where(h => h.Rule == "contacts-2-years" && h.PlacedBy == "system").Select(h => new { h.SubjectId, h.Until }).ToListAsync();
        return [.. holds.Select(h => (h.SubjectId, h.Until))];
    }

    private static async Task<Guid> SubmitAsync(TestApp app, HttpClient client, string email)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/submissions", new { form = "contact", purpose = "customer-relationship", email, message = "Send me an invoice." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync(email))!.Value;
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }

    private static async Task<PersonalDetails?> RevealAsync(TestApp app, Guid subjectId)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(subjectId, CancellationToken.None);
    }
}
