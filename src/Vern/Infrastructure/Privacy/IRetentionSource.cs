using Vern.Features.Model;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// The retention contract, next to the export/erasure one: every feature that stores personal data says
/// from which moments it can count a rule's period (<see cref="Triggers"/>) and disposes of what is due.
/// The retention engine asks each source once per rule whose moment it knows, batch by batch, each batch in
/// a transaction the engine opens (when the source says, see <see cref="RetentionBatch"/>) and commits: a source
/// may save but never commits, so a batch and its count land together or not at all.
/// </summary>
internal interface IRetentionSource
{
    /// <summary>Stable id, shown on the Retention page and in the run's counts.</summary>
    string Name { get; }

    /// <summary>The moments this source can start a rule's clock at, for the records it holds.</summary>
    IReadOnlyList<RetentionTrigger> Triggers { get; }

    /// <summary>
    /// Null for a source of people's records, whose rules bind by moment and purpose. A source of Vern's own files
    /// says which of them it keeps (<c>logs</c>, <c>backups</c>: <see cref="PrivacyModel.KeptFiles"/>): it is asked for
    /// the rule the definition names for them and no other, and no source of people's records is asked for that rule.
    /// </summary>
    string? Keeps => null;

    /// <summary>
    /// Whether the source can anonymise its records (reduce them to anonymous totals) as well as delete them; a
    /// rule that anonymises, carried out by a source that cannot, is refused at start-up rather than left undone.
    /// </summary>
    bool Anonymises => false;

    /// <summary>
    /// Whether a batch's write holds the consent ledger's lock, which every banner decision waits for: its batches are then
    /// sized to a shorter write where the database would otherwise allow a long one (<c>AppDb.BatchWriteBudget</c>).
    /// </summary>
    bool LocksConsentLedger => false;

    /// <summary>
    /// Places the holds the definition's legal holds put on the records this source keeps (see <c>RuleHolds</c>),
    /// so a rule that gains one covers what is already stored; returns how many were placed or extended. The
    /// engine asks before it disposes of anything, and saves.
    /// </summary>
    Task<int> PlaceLegalHoldsAsync(PrivacyModel model, CancellationToken ct) => Task.FromResult(0);

    /// <summary>
    /// How many records the next run would dispose of under <paramref name="scope"/>, counted up to
    /// <paramref name="limit"/> at most, so a dry run over millions of records stays quick.
    /// </summary>
    Task<int> CountDueAsync(RetentionScope scope, int limit, CancellationToken ct);

    /// <summary>
    /// Deletes (or anonymises, as the rule says) at most <see cref="RetentionBatch.Size"/> due records and returns how
    /// many; 0 when nothing is due. Records under a legal hold or needed by an open request stay. A source finds what is
    /// due first and calls <see cref="RetentionBatch.BeginWriteAsync"/> before its first change.
    /// </summary>
    Task<int> DisposeAsync(RetentionScope scope, RetentionBatch batch, CancellationToken ct);

    /// <summary>
    /// For a source of Vern's own files: the setting that names their directory, when it is configured, so that Vern writes
    /// such files and the definition must name the rule they are kept under; null otherwise.
    /// </summary>
    string? ConfiguredBy => null;
}

/// <summary>
/// One batch of a run. The engine's transaction begins when the source calls <see cref="BeginWriteAsync"/>, after it
/// has found what is due: on SQLite a transaction holds the database's only write lock from its start, so a search
/// inside it would keep every request's write waiting for as long as it reads. A source rechecks inside the
/// transaction whatever could have changed since it looked.
/// </summary>
internal sealed class RetentionBatch(int size, Func<CancellationToken, Task> begin)
{
    private bool begun;

    /// <summary>At most this many records.</summary>
    public int Size => size;

    /// <summary>Begins the batch's transaction; once, however often it is called.</summary>
    public async Task BeginWriteAsync(CancellationToken ct)
    {
        if (begun)
            return;
        await begin(ct);
        begun = true;
    }
}

/// <summary>One rule as a source applies it.</summary>
/// <param name="Rule">The rule of the definition in force.</param>
/// <param name="Trigger">Its moment, parsed.</param>
/// <param name="Purposes">The purposes that keep their records under this rule; a source holding records by purpose disposes of only theirs.</param>
/// <param name="ClockStartedBefore">
/// A record is due when its clock started before this instant: the start of the day (Oslo) after the one a
/// rule's period back from today, so a record is disposed of on the day it is due, not a day earlier.
/// </param>
internal sealed record RetentionScope(RetentionRule Rule, RetentionTrigger Trigger, IReadOnlyList<string> Purposes, DateTime ClockStartedBefore);
