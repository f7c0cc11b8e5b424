using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Analytics;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Analytics;

/// <summary>A person's statistics are theirs: listed in an access package by visitor id, deleted by an erasure, and no one else's with them.</summary>
public sealed class AnalyticsRightsTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_access_package_lists_the_person_s_page_views_and_an_erasure_deletes_only_theirs(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var person = await ConsentApi.IssueVisitorIdAsync(client);
        var stranger = await ConsentApi.IssueVisitorIdAsync(client);
        foreach (var visitor in new[] { person, stranger })
            await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
        await AnalyticsApi.SendAsync(client, person, [AnalyticsApi.PageView(new Uri(app.BaseAddress, "/pricing"), "https://duckduckgo.com/")]);
        await AnalyticsApi.SendAsync(client, stranger, [AnalyticsApi.PageView(new Uri(app.BaseAddress, "/product"))]);
        await AnalyticsApi.StoredAsync(app, atLeast: 2);
        var subject = new DataSubject(Guid.NewGuid(), "person@example.com", [person]);
        // The person also visited forty days ago (as the writer stores it: the event and the day it lists).
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var theirs = scope.ServiceProvider.GetRequiredService<VisitorIds>().AnalyticsId(person);
            Assert.Equal(2, await db.AnalyticsVisitorDays.CountAsync());
            var earlier = await db.AnalyticsEvents.AsNoTracking().SingleAsync(e => e.Visitor == theirs);
            (earlier.Id, earlier.OccurredAt, earlier.Path) = (0, earlier.OccurredAt.AddDays(-40), "/earlier");
            db.AnalyticsEvents.Add(earlier);
            db.AnalyticsVisitorDays.Add(AnalyticsVisitorDay.Of(earlier));
            await db.SaveChangesAsync();
        }

        await using (var scope = app.CreateScope())
        {
            var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "analytics");
            var export = await source.ExportAsync(subject, CancellationToken.None);
            Assert.Equal("Your visits to our website", export.Title);
            Assert.Equal<string?>(["/earlier", "/pricing"], export.Rows.Select(r => r[3]));
            var row = export.Rows[1];
            Assert.Equal<string?>([app.BaseAddress.Host, "pageview", "/pricing", "duckduckgo.com"], row.Skip(1).Take(4));
            Assert.Equal<string?>(["Chrome 131", "desktop"], row.TakeLast(2));

            var erasure = await source.EraseAsync(subject, CancellationToken.None);
            Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        }

        var left = await AnalyticsApi.StoredAsync(app);
        Assert.Equal("/product", Assert.Single(left).Path);
        await using (var scope = app.CreateScope())
            Assert.Equal(left[0].Visitor, Assert.Single(await scope.ServiceProvider.GetRequiredService<AppDb>().AnalyticsVisitorDays.ToListAsync()).Visitor);
        await using (var scope = app.CreateScope())
        {
            var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "analytics");
            Assert.Equal(ErasureOutcome.NothingHeld, (await source.EraseAsync(subject, CancellationToken.None)).Outcome);
        }
    }
}
