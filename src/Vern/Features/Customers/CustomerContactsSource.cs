using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.Agreements;
using Vern.Features.Customers.SubProcessors;
using Vern.Features.Policies.Notices;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers;

/// <summary>
/// A person's part as a customer's privacy contact, for the rights contracts (which customers, with what title, since
/// when; an erasure ends it) and for notices of change to the customer relationship's purpose.
/// </summary>
internal sealed class CustomerContactsSource(AppDb db, SubjectVault vault) : IPersonalDataSource, IContactHolder
{
    /// <summary>The definition's purpose a customer's contacts are held for.</summary>
    public const string Purpose = "customer-relationship";

    private static readonly string[] Columns = ["customer", "country", "title", "since"];

    public string Name => "customer-contacts";

    public IReadOnlyList<Type> Covers { get; } = [typeof(CustomerContact), typeof(DpaAcceptance), typeof(DpaInvitation), typeof(SubProcessorNotice)];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<CustomerTexts>.In(subject.Language);
        var held = await (from contact in db.CustomerContacts.AsNoTracking()
                          join customer in db.Customers on contact.CustomerId equals customer.Id
                          where contact.SubjectId == subject.Id
                          orderby contact.AddedAt
                          select new { customer.Organisation, customer.Country, contact.Title, contact.AddedAt }).ToListAsync(ct);
        var rows = new List<IReadOnlyList<string?>>(held.Count);
        foreach (var h in held)
            rows.Add([h.Organisation, h.Country, h.Title is null ? null : await vault.OpenAsync(subject.Id, nameof(CustomerContact.Title), h.Title, ct),
                UtcInstants.Format(h.AddedAt)]);
        // The agreements the person accepted for a customer, with the signed receipt that names them.
        var accepted = await (from acceptance in db.DpaAcceptances.AsNoTracking()
                              join customer in db.Customers on acceptance.CustomerId equals customer.Id
                              where acceptance.SubjectId == subject.Id
                              orderby acceptance.AcceptedAt
                              select new { customer.Organisation, customer.Country, acceptance.VersionNumber, acceptance.AcceptedAt, acceptance.Receipt }).ToListAsync(ct);
        foreach (var a in accepted)
            rows.Add([a.Organisation, a.Country, string.Format(CultureInfo.InvariantCulture, t.AcceptedRow, a.VersionNumber,
                a.Receipt is null ? "" : await vault.OpenAsync(subject.Id, nameof(DpaAcceptance.Receipt), a.Receipt, ct)), UtcInstants.Format(a.AcceptedAt)]);
        // The objections the person made for a customer to changes of sub-processors, in their own words.
        var objected = await (from notice in db.SubProcessorNotices.AsNoTracking()
                              join customer in db.Customers on notice.CustomerId equals customer.Id
                              where notice.SubjectId == subject.Id && notice.ObjectedAt != null
                              orderby notice.ObjectedAt
                              select new { customer.Organisation, customer.Country, notice.ModelVersion, notice.ObjectedAt, notice.Reason }).ToListAsync(ct);
        foreach (var o in objected)
            rows.Add([o.Organisation, o.Country, string.Format(CultureInfo.InvariantCulture, t.ObjectedRow, o.ModelVersion,
                o.Reason is null ? "" : await vault.OpenAsync(subject.Id, nameof(SubProcessorNotice.Reason), o.Reason, ct)), UtcInstants.Format(o.ObjectedAt!.Value)]);
        return new SourceExport(Name, t.SourceTitle, t.SourceOrigin, Portable: false, Columns, rows);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<CustomerTexts>.In(subject.Language);
        var contacts = await db.CustomerContacts.Where(c => c.SubjectId == subject.Id).ToListAsync(ct);
        var acceptances = await db.DpaAcceptances.Where(a => a.SubjectId == subject.Id && (a.Receipt != null || a.Paper != null)).ToListAsync(ct);
        var objections = await db.SubProcessorNotices.Where(n => n.SubjectId == subject.Id && n.Reason != null).ToListAsync(ct);
        if (contacts.Count == 0 && acceptances.Count == 0 && objections.Count == 0)
            return new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld);
        db.CustomerContacts.RemoveRange(contacts);
        // The customer's acceptance stays on record (version, time, hash of the text); the receipt and scan naming the person go.
        foreach (var acceptance in acceptances)
            (acceptance.Receipt, acceptance.Paper) = (null, null);
        // That the customer was told and objected stays on record; the person's words go.
        foreach (var objection in objections)
            objection.Reason = null;
        db.DpaInvitations.RemoveRange(await db.DpaInvitations.Where(i => i.SubjectId == subject.Id).ToListAsync(ct));
        return new SourceErasure(Name, ErasureOutcome.Erased, t.Erased);
    }

    public async Task<IReadOnlyDictionary<Guid, string?>> ContactsAsync(IReadOnlyCollection<string> purposes, CancellationToken ct) =>
        !purposes.Contains(Purpose)
            ? new Dictionary<Guid, string?>()
            : (await (from contact in db.CustomerContacts
                      join customer in db.Customers on contact.CustomerId equals customer.Id
                      join person in db.Subjects on contact.SubjectId equals person.Id
                      where customer.DataDeletedAt == null && person.ShreddedAt == null && person.Email != null
                      select contact.SubjectId).Distinct().ToListAsync(ct))
                .ToDictionary(id => id, _ => (string?)null);
}
