namespace Vern.Infrastructure.Privacy;

/// <summary>
/// A source that holds consent the person gave and can withdraw all of it (Art. 7(3)). A
/// withdraw-consent request asks the source that implements it, without knowing which feature that is.
/// </summary>
internal interface IWithdrawable
{
    /// <summary>Withdraws the consent in force under each of the person's identifiers; returns how many had any.</summary>
    Task<int> WithdrawAllAsync(DataSubject subject, CancellationToken ct);
}
