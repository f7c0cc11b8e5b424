using Microsoft.Extensions.DependencyInjection;
using Vern.Features.Model;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Analytics;

/// <summary>
/// The statistics writer asks the processing gate about a whole batch's browsers at once, their ids in one array
/// parameter of each read: each answer must be the one the gate gives that browser alone.
/// </summary>
public sealed class GateForBrowsersTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Asked_about_hundreds_of_browsers_at_once_the_gate_answers_each_as_it_does_alone(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        // A third allowed statistics, a third allowed and then withdrew, a third never answered.
        var browsers = new List<string>();
        for (var i = 0; i < 410; i++)
        {
            var visitor = await ConsentApi.IssueVisitorIdAsync(client);
            browsers.Add(visitor);
            if (i % 3 == 2)
                continue;
            await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor));
            if (i % 3 == 1)
                await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: false));
        }

        await using var scope = app.CreateScope();
        var gate = scope.ServiceProvider.GetRequiredService<ProcessingGate>();
        var purpose = scope.ServiceProvider.GetRequiredService<ModelStore>().Current.Model.Analytics!.Purpose;
        var many = await gate.CheckBrowsersAsync(browsers, purpose, CancellationToken.None);

        ProcessingRefusal?[] expected = [null, ProcessingRefusal.ConsentWithdrawn, ProcessingRefusal.NoConsent];
        Assert.Equal(browsers.Select((_, i) => expected[i % 3]), browsers.Select(b => many[b].Refusal));
        foreach (var browser in browsers.Where((_, i) => i % 37 == 0))
            Assert.Equal((await gate.CheckAsync(null, purpose, browser, CancellationToken.None)).Refusal, many[browser].Refusal);
    }
}
