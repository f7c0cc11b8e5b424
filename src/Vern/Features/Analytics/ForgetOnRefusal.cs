using Vern.Features.Model;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>A decision that refuses the statistics category deletes what was counted under the visitor's consent.</summary>
internal sealed class ForgetOnRefusal(ModelStore models, VisitorIds visitorIds, AnalyticsQueue queue) : IConsentDecisionListener
{
    // Every refusal, not only a change of mind: a browser that never consented itself may have been counted under the
    // consent of the person a form linked it to (EventCollector asks the gate for both), and the writer deletes a
    // batch of forgotten visitors in one statement.
    public void Decided(string visitorId, IReadOnlyDictionary<string, bool> categories)
    {
        if (AnalyticsConsent.Category(models.Current.Model) is { } category && !categories.GetValueOrDefault(category))
            queue.Forget(visitorIds.AnalyticsId(visitorId));
    }
}
