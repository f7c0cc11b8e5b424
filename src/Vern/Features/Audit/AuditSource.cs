using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Disclosures;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

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
            // A disclosure's entries are the register's to tell (DisclosuresSource), which leaves out those an order
            // forbids telling the person of: listed here, they would say what the gag keeps secret.
            .Where(e => e.SubjectId == subject.Id && !e.Action.StartsWith(DisclosureRegister.AuditPrefix))
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.At, e.Actor, e.Action, e.Reason })
            .ToListAsync(ct);
        var t = Text<AuditSourceTexts>.In(subject.Language);
        var rows = entries.Select(e => (IReadOnlyList<string?>)
            [UtcInstants.Format(e.At), Who(e.Actor, t), e.Action, e.Reason]).ToList();
        // Handling the request itself adds to this log, so its entries never show that Vern knows the person.
        return new SourceExport(Name, t.Title, t.Origin, Portable: false, Columns, rows)
        { FindsPerson = false };
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var count = await db.AuditEntries.CountAsync(e => e.SubjectId == subject.Id && !e.Action.StartsWith(DisclosureRegister.AuditPrefix), ct);
        var t = Text<AuditSourceTexts>.In(subject.Language);
        return count == 0
            ? new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld)
            : new SourceErasure(Name, ErasureOutcome.Kept, string.Format(CultureInfo.InvariantCulture, t.Kept, count));
    }

    /// <summary>Actors are staff accounts (by e-mail) or the system's own names; the former become a role-neutral word.</summary>
    private static string Who(string actor, AuditSourceTexts t) => actor switch
    {
        "visitor" => t.You,
        "system" or "api" => t.Automated,
        _ => t.Staff,
    };
}
