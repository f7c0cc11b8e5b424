using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
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

        await using (var scope = app.CreateScope())
        {
            var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "analytics");
            var export = await source.ExportAsync(subject, CancellationToken.None);
            Assert.Equal("Your visits to our website", export.Title);
            var row = Assert.Single(export.Rows);
            Assert.Equal<string?>([app.BaseAddress.Host, "pageview", "/pricing", "duckduckgo.com"], row.Skip(1).Take(4));
            Assert.Equal<string?>(["Chrome 131", "desktop"], row.TakeLast(2));

            var erasure = await source.EraseAsync(subject, CancellationToken.None);
            Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        }

        var left = await AnalyticsApi.StoredAsync(app);
        Assert.Equal("/product", Assert.Single(left).Path);
        await using (var scope = app.CreateScope())
        {
            var source = scope.ServiceProvider.GetServices<IPersonalDataSource>().Single(s => s.Name == "analytics");
            Assert.Equal(ErasureOutcome.NothingHeld, (await source.EraseAsync(subject, CancellationToken.None)).Outcome);
        }
    }
}
