using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Retention;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;
using Vern.Tests.Subjects;

namespace Vern.Tests.Retention;

/// <summary>The shipped rule analytics-13-months anonymises: what it disposes of becomes anonymous totals.</summary>
public sealed class AnonymisationTests
{
    // 10:00 in Oslo on 10 January 2027.
    private static readonly DateTimeOffset Collected = new(2027, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Statistics_are_reduced_to_anonymous_totals_on_the_day_13_months_after_collection_not_a_day_earlier(Provider provider)
    {
        var time = new FakeTimeProvider(Collected);
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        var kari = await SubmitAsync(app, client, Person(0), "contact");

        // 23:59 in Oslo on 9 February 2028: the last day before the 13 months are up.
        time.SetUtcNow(new DateTimeOffset(2028, 2, 9, 22, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await RunAsync(app))!.Total);
        await using (var scope = app.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDb>().Submissions.CountAsync());

        time.SetUtcNow(new DateTimeOffset(2028, 2, 9, 23, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, (await RunAsync(app))!.Disposed[("analytics-13-months", "subjects")]);

        await using var check = app.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await db.Submissions.CountAsync());
        Assert.Null(await check.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(kari));
        // One submission is a group of one: it is counted, but in the purpose's total of all time, not its month.
        var totals = await db.AnonymousTotals.AsNoTracking().ToListAsync();
        var total = Assert.Single(totals);
        Assert.Equal(("subjects", "site-statistics", "", "", 1), (total.Source, total.Purpose, total.Label, total.Period, total.Count));
    }

    [Fact]
    public async Task Anonymised_statistics_cannot_be_joined_back_to_anyone_by_any_stored_value()
    {
        var time = new FakeTimeProvider(Collected);
        await using var app = await TestApp.StartAsync(Provider.Postgres, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        using var client = app.CreateClient();
        // Seven people through the contact form, two through the sign-up form, in the same month.
        var people = Enumerable.Range(0, 9).Select(Person).ToList();
        var needles = new List<string>();
        for (var i = 0; i < people.Count; i++)
        {
            var subjectId = await SubmitAsync(app, client, people[i], i < 7 ? "contact" : "signup");
            time.Advance(TimeSpan.FromMinutes(7));
            await using var scope = app.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var lookup = await db.Subjects.Where(s => s.Id == subjectId).Select(s => s.EmailLookup).SingleAsync();
            var submissionIds = await db.Submissions.Where(s => s.SubjectId == subjectId).Select(s => s.Id).ToListAsync();
            needles.AddRange(people[i].Values);
            needles.Add(Convert.ToHexStringLower(lookup!));
            needles.AddRange(submissionIds.Select(id => id.ToString()));
        }
        var configuration = app.Get<IConfiguration>();
        var before = await PlaintextScanTests.DumpAsync(configuration.GetConnectionString("Vern")!);
        // The dump can see what links a record to a person while it is stored: the search below is a real one.
        Assert.All(needles.Where(n => Guid.TryParse(n, out _) || n.Length == 64), n => Assert.Contains(n, before, StringComparison.OrdinalIgnoreCase));

        time.SetUtcNow(new DateTimeOffset(2028, 2, 9, 23, 1, 0, TimeSpan.Zero));
        Assert.Equal(9, (await RunAsync(app))!.Disposed[("analytics-13-months", "subjects")]);

        // Nothing anyone gave, no keyed hash of their address and no id of what they sent is left in any table.
        foreach (var database in new[] { "Vern", "VernKeys" })
        {
            var dump = await PlaintextScanTests.DumpAsync(configuration.GetConnectionString(database)!);
            foreach (var needle in needles)
                Assert.DoesNotContain(needle, dump, StringComparison.OrdinalIgnoreCase);
        }
        // What is left says how many, by purpose, form and month, and only of groups of at least five: the two
        // sign-ups are counted without their form or their month, so neither can be singled out by either.
        await using var check = app.CreateScope();
        var totals = await check.ServiceProvider.GetRequiredService<AppDb>().AnonymousTotals.AsNoTracking()
            .OrderBy(t => t.Period).Select(t => new { t.Purpose, t.Label, t.Period, t.Count }).ToListAsync();
        Assert.Equal([new { Purpose = "site-statistics", Label = "", Period = "", Count = 2 }, new { Purpose = "site-statistics", Label = "contact", Period = "2027-01", Count = 7 }], totals);
        Assert.All(totals.Where(t => t.Period.Length > 0), t => Assert.True(t.Count >= AnonymousTotals.MinimumGroup));
    }

    private sealed record Someone(string Email, string Name, string Phone, string Company, string Message)
    {
        public IEnumerable<string> Values => [Email, Name, Phone, Company, Message];
    }

    // Distinctive values, so a hit can only come from the person.
    private static Someone Person(int i) => new(
        $"statistics.person.{i}.4821@example.no", $"Statistikk Person{i}-Lund", $"+47 915 {i:00} 482", $"Telemåling {i} AS", $"Ring meg om tilbud nummer {i}-77431.");

    private static async Task<Guid> SubmitAsync(TestApp app, HttpClient client, Someone person, string form)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/submissions",
            new { form, purpose = "site-statistics", email = person.Email, name = person.Name, phone = person.Phone, company = person.Company, message = person.Message });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync(person.Email))!.Value;
    }

    private static async Task<RetentionOutcome?> RunAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionEngine>().RunAsync(CancellationToken.None);
    }
}
