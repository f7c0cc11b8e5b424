using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Audit;

/// <summary>
/// The audit trail's part of the export/erasure contract: who at the company consulted or changed the
/// person's data, when and why (Art. 15(1); CJEU C-579/21). Staff are named by role, not by name: their
/// identity is their own personal data. The trail is kept on erasure: it holds the subject's random id
/// and no details about them, and it is the evidence that the erasure itself happened (Art. 5(2)).
/// </summary>
internal sealed class AuditSource(AppDb db) : IPersonalDataSource
{
    public string Name => "staff-access";

    public IReadOnlyList<Type> Covers { get; } = [typeof(AuditEntry)];

    private static readonly string[] Columns = ["at", "who", "action", "reason"];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.SubjectId == subject.Id)
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.At, e.Actor, e.Action, e.Reason })
            .ToListAsync(ct);
        var rows = entries.Select(e => (IReadOnlyList<string?>)
            [e.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Who(e.Actor, subject), e.Action, e.Reason]).ToList();
        // Handling the request itself adds to this log, so its entries never show that Vern knows the person.
        return new SourceExport(Name,
            subject.Say("Who handled your data", "Hvem som har behandlet opplysningene dine"),
            subject.Say(
                "Written by our systems each time a member of our staff or an automated process looked at or changed your data.",
                "Skrevet av systemene våre hver gang en ansatt eller en automatisk prosess så på eller endret opplysningene dine."),
            Portable: false, Columns, rows)
        { FindsPerson = false };
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var count = await db.AuditEntries.CountAsync(e => e.SubjectId == subject.Id, ct);
        return count == 0
            ? new SourceErasure(Name, ErasureOutcome.NothingHeld, subject.Say("No one at our company has handled your data.", "Ingen hos oss har behandlet opplysningene dine."))
            : new SourceErasure(Name, ErasureOutcome.Kept, subject.Say(
                $"We keep the log of the {count} time(s) your data was handled, including this erasure, as evidence that we acted lawfully (GDPR Art. 5(2)); it holds only a random id, no details about you.",
                $"Vi beholder loggen over de {count} gangene opplysningene dine ble behandlet, også denne slettingen, som bevis på at vi fulgte loven (personvernforordningen art. 5 nr. 2); den inneholder bare en tilfeldig ID, ingen opplysninger om deg."));
    }

    /// <summary>Actors are staff accounts (by e-mail) or the system's own names; the former become a role-neutral word.</summary>
    private static string Who(string actor, DataSubject subject) => actor switch
    {
        "visitor" => subject.Say("you", "du"),
        "system" or "api" => subject.Say("automated process", "automatisk prosess"),
        _ => subject.Say("a member of staff", "en ansatt"),
    };
}
