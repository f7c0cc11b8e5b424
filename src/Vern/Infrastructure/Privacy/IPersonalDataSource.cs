using System.Text.Json.Serialization;
using Vern.Infrastructure.Texts;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// The export/erasure contract. Every feature that holds personal data registers one implementation
/// (<c>services.AddScoped&lt;IPersonalDataSource, ...&gt;()</c>) that names the entities it answers for
/// in <see cref="Covers"/>; the Rights feature enumerates them to answer access, portability and
/// erasure requests, and a convention test fails when an entity with a <see cref="PersonalAttribute"/>
/// property is covered by none, so a new feature cannot be forgotten. A source says what the
/// orchestrator needs to know about it here, never by its name.
/// </summary>
internal interface IPersonalDataSource
{
    /// <summary>Stable id: a key of <c>data.json</c>'s <c>records</c>, the CSV file name, the per-source result.</summary>
    string Name { get; }

    /// <summary>
    /// An external system reached over the network. External sources may fail and are retried with
    /// backoff; they run before the internal ones, so the person's address is still known to them.
    /// </summary>
    bool External => false;

    /// <summary>
    /// The source holds what Vern knows the person by (their address, under their data key). An erasure
    /// reaches it after every other internal source, which may still need those details, and when it
    /// keeps the data (a legal hold) the person's data key is kept too.
    /// </summary>
    bool IdentifiesPerson => false;

    /// <summary>
    /// The entities of <c>AppDb</c> whose personal data this source exports and erases; empty for an
    /// external system, which keeps its data elsewhere.
    /// </summary>
    IReadOnlyList<Type> Covers { get; }

    /// <summary>Everything the source holds about the person, other people's data left out or redacted.</summary>
    Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct);

    /// <summary>
    /// Deletes or crypto-shreds what the source holds, except what a legal obligation keeps (which is
    /// then restricted). Called before the subject's data key is destroyed; must not save changes the
    /// caller would not want, as the caller saves once for all internal sources.
    /// </summary>
    Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct);
}

/// <summary>The person a request concerns, as far as Vern could identify them.</summary>
/// <param name="Id">The subject id in the vault.</param>
/// <param name="Email">The verified address, decrypted for the duration of the request.</param>
/// <param name="VisitorIds">Consent-cookie visitor ids the person proved or that are linked to them.</param>
/// <param name="Language">The request's language, one of <see cref="Languages.Supported"/>: what a source says about the data is shown to the person, so it takes its texts in it.</param>
internal sealed record DataSubject(Guid Id, string? Email, IReadOnlyList<string> VisitorIds, string Language = Languages.Default);

/// <summary>One source's part of an access or portability package.</summary>
/// <param name="Source">The source's <see cref="IPersonalDataSource.Name"/>.</param>
/// <param name="Title">What this is, in words the person understands.</param>
/// <param name="Origin">Where the data came from (Art. 15(1)(g)).</param>
/// <param name="Portable">Provided by the person or generated under consent or contract (Art. 20).</param>
/// <param name="Columns">Column names, also the CSV header.</param>
/// <param name="Rows">One row per record, values as text (null when empty).</param>
internal sealed record SourceExport(
    string Source, string Title, string Origin, bool Portable,
    IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    /// <summary>
    /// Whether the rows show that Vern holds something about the person beyond the request itself: the
    /// address they asked from and the log of handling their request are not data about them in any
    /// useful sense, and a package of only those would mislead, so then they are told nothing was found.
    /// Any row counts unless the source says otherwise.
    /// </summary>
    public bool FindsPerson { get; init; } = Rows.Count > 0;

    public static SourceExport Empty(string source, string title, string origin, bool portable, params string[] columns) =>
        new(source, title, origin, portable, columns, []);
}

/// <summary>What one source did with an erasure.</summary>
/// <param name="Outcome">What became of the data.</param>
/// <param name="Detail">What was done or kept and why, in words for the person; never personal data.</param>
/// <param name="KeptUntil">When kept data will be deleted automatically.</param>
internal sealed record SourceErasure(string Source, ErasureOutcome Outcome, string Detail, DateOnly? KeptUntil = null);

[JsonConverter(typeof(JsonStringEnumConverter<ErasureOutcome>))]
internal enum ErasureOutcome
{
    [JsonStringEnumMemberName("erased")] Erased,
    [JsonStringEnumMemberName("kept")] Kept,
    [JsonStringEnumMemberName("nothing-held")] NothingHeld,
    [JsonStringEnumMemberName("failed")] Failed,
}
