namespace Vern.Infrastructure.Privacy;

/// <summary>
/// A source that holds consent the person gave and can withdraw all of it (Art. 7(3)): the banner's choices, a
/// consent to keep records longer. A withdraw-consent request asks every source that implements it, without
/// knowing which features those are, and tells the person what each did.
/// </summary>
internal interface IWithdrawable
{
    /// <summary>
    /// Withdraws every consent of the person the source holds, and says what it did in the person's language; null when
    /// the source has nothing of theirs to speak of, so the person is not told about consent they were never asked for.
    /// </summary>
    Task<SourceLimit?> WithdrawAllAsync(DataSubject subject, CancellationToken ct);
}
