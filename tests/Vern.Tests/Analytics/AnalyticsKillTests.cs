using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;
using Vern.Tests.Platform;

namespace Vern.Tests.Analytics;

/// <summary>
/// The collection endpoint answers 202 before an event is written (the writer gathers a batch for a moment), so the
/// README promises that a <c>kill -9</c> loses at most the events of the last second: nothing accepted earlier.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class AnalyticsKillTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Killed_while_events_arrive_Vern_keeps_every_event_it_accepted_more_than_a_second_before()
    {
        await using var site = await TestSite.CreateAsync(Provider.Sqlite);
        var clock = Stopwatch.StartNew();
        // Each page view has a path of its own, and the moment its 202 arrived.
        var accepted = new ConcurrentDictionary<string, TimeSpan>();
        TimeSpan killedAt;

        var server = await VernProcess.ServeAsync([.. site.Args, "--Vern:RateLimiting:Enabled=false"], site.Directory);
        using (var client = new HttpClient { BaseAddress = server.Address })
        {
            var visitors = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                visitors.Add(await ConsentApi.IssueVisitorIdAsync(client));
                await ConsentApi.RecordAsync(client, ConsentApi.Body(visitors[^1], analytics: true));
            }
            var next = 0;
            async Task SendAsync(CancellationToken stop)
            {
                await Task.WhenAll(visitors.Select(async visitor =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var path = $"/page/{Interlocked.Increment(ref next)}";
                        try
                        {
                            // The served Vern counts its public address, https://vern.example.
                            using var response = await AnalyticsApi.SendAsync(client, visitor, [AnalyticsApi.PageView(new Uri("https://vern.example" + path))]);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                                accepted[path] = clock.Elapsed;
                        }
                        catch (HttpRequestException)
                        {
                            return; // killed
                        }
                    }
                }));
            }

            // Steady events for two seconds, then a pause in which every batch is written.
            using (var steady = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                await SendAsync(steady.Token);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            // The worst case: the first event after the pause starts a new batch. Killed a second after it was accepted,
            // with events still arriving, Vern must have written it.
            var count = accepted.Count;
            using var stop = new CancellationTokenSource();
            var sending = SendAsync(stop.Token);
            while (accepted.Count == count)
                await Task.Delay(5);
            var killAt = accepted.Values.Max() + Promise + TimeSpan.FromMilliseconds(50);
            if (killAt > clock.Elapsed)
                await Task.Delay(killAt - clock.Elapsed);
            killedAt = clock.Elapsed;
            await server.DisposeAsync();
            await stop.CancelAsync();
            await sending;
        }

        List<string> stored;
        await using (var open = await site.OpenAsync())
        await using (var scope = open.Services.CreateAsyncScope())
            stored = await scope.ServiceProvider.GetRequiredService<AppDb>().AnalyticsEvents.Select(e => e.Path).ToListAsync();
        var due = accepted.Where(a => a.Value < killedAt - Promise).Select(a => a.Key).ToList();
        Assert.True(due.Count >= 100, $"Only {due.Count} events were accepted more than a second before the kill ({accepted.Count} in all).");
        Assert.True(accepted.Count > due.Count, "No event was accepted in the last second before the kill.");
        var lost = due.Except(stored).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {due.Count} events accepted more than a second before the kill were lost: {string.Join(", ", lost.Take(5))}");
    }
}
