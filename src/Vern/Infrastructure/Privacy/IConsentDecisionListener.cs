namespace Vern.Infrastructure.Privacy;

/// <summary>
/// Told of each banner decision once the ledger has it, so a feature that processes under a banner category stops,
/// and forgets what it holds, the moment that category is refused or withdrawn. Called on the decision's own path:
/// a listener only hands the work on.
/// </summary>
internal interface IConsentDecisionListener
{
    void Decided(string visitorId, IReadOnlyDictionary<string, bool> categories);
}
