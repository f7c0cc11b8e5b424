using Vern.Features.Model;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>A decision that refuses the statistics category deletes what was counted under the visitor's consent.</summary>
internal sealed class ForgetOnRefusal(ModelStore models, VisitorIds visitorIds, AnalyticsQueue queue) : IConsentDecisionListener
{
    public void Decided(string visitorId, IReadOnlyDictionary<string, bool> categories)
    {
        if (AnalyticsConsent.Category(models.Current.Model) is { } category && !categories.GetValueOrDefault(category))
            queue.Forget(visitorIds.AnalyticsId(visitorId));
    }
}
