using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Disclosures;

/// <summary>
/// The disclosure register's part of the rights contracts: the recipients to whom the person's data was disclosed
/// (Art. 15(1)(c)), each with its date, the categories and the legal basis. A disclosure whose order forbids telling
/// the person is left out while its gag holds (a restriction under Art. 23, documented on the record), and so is any
/// word of it in what the erasure answers.
/// </summary>
internal sealed class DisclosuresSource(AppDb db, ModelStore models, TimeProvider time) : IPersonalDataSource
{
    private static readonly string[] Columns = ["recipient", "date", "categories", "legal-basis", "document"];

    public string Name => "disclosures";

    public IReadOnlyList<Type> Covers { get; } = [typeof(DisclosurePerson)];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<DisclosureTexts>.In(subject.Language);
        var model = models.Current.Model;
        var rows = (await VisibleAsync(subject.Id, ct)).Select(d => (IReadOnlyList<string?>)
        [
            model.Recipient(d.RecipientId)?.Name ?? d.RecipientName,
            DisclosureRegister.Day(d.DisclosedOn),
            string.Join(", ", d.Categories.Select(c => model.Category(c)?.Name[subject.Language] ?? c)),
            $"{d.Statute} ({d.OrderReference})",
            d.DocumentReference,
        ]).ToList();
        return new SourceExport(Name, t.SourceTitle, t.SourceOrigin, Portable: false, Columns, rows);
    }

    /// <summary>
    /// The record is evidence that the company complied with a legal obligation (Art. 17(3)(b)), so it stays, with the
    /// link to the person's random subject id; their details go with their data key. A disclosure still under a gag is
    /// kept as well and not mentioned, as the order requires.
    /// </summary>
    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<DisclosureTexts>.In(subject.Language);
        var visible = await VisibleAsync(subject.Id, ct);
        return visible.Count == 0
            ? new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld)
            : new SourceErasure(Name, ErasureOutcome.Kept, string.Format(CultureInfo.InvariantCulture, t.Kept, visible.Count));
    }

    /// <summary>The person's disclosures they may be told of today, the oldest first.</summary>
    private async Task<List<Disclosure>> VisibleAsync(Guid subjectId, CancellationToken ct)
    {
        var today = OsloCalendar.Today(time);
        var all = await (from link in db.DisclosurePersons.AsNoTracking()
                         join disclosure in db.Disclosures.AsNoTracking() on link.DisclosureId equals disclosure.Id
                         where link.SubjectId == subjectId
                         select disclosure).ToListAsync(ct);
        return [.. all.Where(d => !d.WithheldOn(today)).OrderBy(d => d.DisclosedOn).ThenBy(d => d.RecordedAt)];
    }
}
