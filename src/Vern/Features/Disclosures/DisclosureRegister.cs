using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Disclosures;

/// <summary>
/// The register of statutory disclosures: the privacy officer records each disclosure to a recipient the definition
/// names (so the policy's list of recipients stays true), the people it concerned (found in the vault, kept by id) and
/// the categories disclosed. Each person's access package lists it, unless the order forbids telling them: then a gag
/// with a review date keeps it out until that date or until the gag is lifted. Recording, lifting and extending are
/// audited per person in the same save as the change.
/// </summary>
internal sealed class DisclosureRegister(AppDb db, SubjectVault vault, ModelStore models, MailOutbox outbox, PublicUrl site, TimeProvider time)
{
    public const int MaxText = 200;
    public const int MaxReason = 400;
    public const int MaxPersons = 100;

    /// <summary>The audit actions of the register all start so; the audit trail's own export leaves them to the register's source.</summary>
    public const string AuditPrefix = "disclosure.";

    private static DisclosureTexts T => Text<DisclosureTexts>.In(Languages.Default);

    public DateOnly Today => OsloCalendar.Today(time);

    public Task<Disclosure?> FindAsync(Guid id, CancellationToken ct) => db.Disclosures.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);

    /// <summary>The latest disclosure first.</summary>
    public async Task<List<Disclosure>> ListAsync(CancellationToken ct) =>
        [.. (await db.Disclosures.AsNoTracking().ToListAsync(ct)).OrderByDescending(d => d.DisclosedOn).ThenByDescending(d => d.RecordedAt)];

    /// <summary>How many people each disclosure concerned.</summary>
    public Task<Dictionary<Guid, int>> CountPersonsAsync(CancellationToken ct) =>
        db.DisclosurePersons.AsNoTracking().GroupBy(p => p.DisclosureId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>The subject ids of the people a disclosure concerned; the console links to each person's page, where opening them is audited.</summary>
    public Task<List<Guid>> PersonsAsync(Guid id, CancellationToken ct) =>
        db.DisclosurePersons.AsNoTracking().Where(p => p.DisclosureId == id).Select(p => p.SubjectId).OrderBy(s => s).ToListAsync(ct);

    /// <summary>The audit entries of one disclosure, one per step (not one per person), oldest first.</summary>
    public async Task<List<AuditEntry>> HistoryAsync(Guid id, CancellationToken ct)
    {
        var details = Details(id);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith(AuditPrefix) && e.Details == details).OrderBy(e => e.Sequence).ToListAsync(ct);
        return [.. entries.DistinctBy(e => (e.Action, e.At, e.Actor, e.Reason))];
    }

    public async Task<(Disclosure? Disclosure, Dictionary<string, string[]> Errors)> RecordAsync(DisclosureInput input, string actor, CancellationToken ct)
    {
        var model = models.Current.Model;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var today = Today;
        var recipientId = FormText.Trimmed(input.RecipientId);
        var recipient = recipientId is null ? null : model.Recipient(recipientId);
        if (recipientId is null)
            errors["recipientId"] = [T.Required];
        else if (recipient is null)
            errors["recipientId"] = [Format(T.UnknownRecipient, recipientId)];
        var statute = Required(input.Statute, "statute", MaxText, errors);
        var order = Required(input.OrderReference, "orderReference", MaxText, errors);
        if (input.DisclosedOn is not { } disclosedOn)
            errors["disclosedOn"] = [T.Required];
        else if (disclosedOn > today)
            errors["disclosedOn"] = [T.DateInFuture];
        var document = FormText.Trimmed(input.DocumentReference);
        if (document?.Length > MaxText)
            errors["documentReference"] = [Format(T.TooLong, MaxText)];
        var categories = input.Categories.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (categories.Count == 0)
            errors["categories"] = [T.CategoriesRequired];
        else if (categories.FirstOrDefault(c => model.Category(c) is null) is { } unknown)
            errors["categories"] = [Format(T.UnknownCategory, unknown)];
        var subjects = new List<Guid>();
        var emails = input.Emails.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (emails.Count == 0)
            errors["persons"] = [T.PersonsRequired];
        else if (emails.Count > MaxPersons)
            errors["persons"] = [Format(T.TooLong, MaxPersons)];
        else
        {
            var missing = new List<string>();
            foreach (var email in emails)
            {
                if (Subscriptions.IsAddress(email) && await vault.FindByEmailAsync(email, ct) is { } subject)
                    subjects.Add(subject);
                else
                    missing.Add(email);
            }
            if (missing.Count > 0)
                errors["persons"] = [Format(T.PersonNotFound, string.Join(", ", missing))];
        }
        var gagReason = input.Gagged ? Required(input.GagReason, "gagReason", MaxReason, errors) : null;
        if (input.Gagged && input.GagReviewOn is null)
            errors["gagReviewOn"] = [T.Required];
        else if (input.Gagged && input.GagReviewOn <= today)
            errors["gagReviewOn"] = [T.ReviewNotAfterToday];
        if (errors.Count > 0)
            return (null, errors);

        var disclosure = new Disclosure
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            RecipientId = recipient!.Id,
            RecipientName = recipient.Name,
            Statute = statute!,
            OrderReference = order!,
            DisclosedOn = input.DisclosedOn!.Value,
            DocumentReference = document,
            Categories = categories,
            RecordedBy = actor,
            RecordedAt = time.GetUtcNow().UtcDateTime,
            Gagged = input.Gagged,
            GagReviewOn = input.Gagged ? input.GagReviewOn : null,
            GagReason = gagReason,
        };
        db.Disclosures.Add(disclosure);
        foreach (var subject in subjects.Distinct())
        {
            db.DisclosurePersons.Add(new DisclosurePerson { DisclosureId = disclosure.Id, SubjectId = subject });
            db.AuditEntries.Add(AuditEntry.Create(time, actor, AuditPrefix + "recorded", subject,
                reason: disclosure.Gagged ? $"gag until {Day(disclosure.GagReviewOn!.Value)}" : null, details: Details(disclosure.Id)));
        }
        await db.SaveChangesAsync(ct);
        return (disclosure, errors);
    }

    /// <summary>Lifts the gag: from now the people see the disclosure in their access packages.</summary>
    public async Task<Dictionary<string, string[]>> LiftGagAsync(Guid id, string actor, CancellationToken ct)
    {
        var disclosure = await db.Disclosures.FirstAsync(d => d.Id == id, ct);
        if (!disclosure.Gagged || disclosure.GagLiftedAt is not null)
            return new(StringComparer.Ordinal) { ["gag"] = [T.NotGagged] };
        disclosure.GagLiftedAt = time.GetUtcNow().UtcDateTime;
        disclosure.GagLiftedBy = actor;
        await AuditAsync(id, actor, "gag-lifted", null, ct);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Moves the gag's review date (later, as the order still forbids telling the people, or earlier), with the reason.</summary>
    public async Task<Dictionary<string, string[]>> ExtendGagAsync(Guid id, DateOnly? until, string? reason, string actor, CancellationToken ct)
    {
        var disclosure = await db.Disclosures.FirstAsync(d => d.Id == id, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!disclosure.Gagged || disclosure.GagLiftedAt is not null)
            errors["gag"] = [T.NotGagged];
        if (until is null)
            errors["reviewOn"] = [T.Required];
        else if (until <= Today)
            errors["reviewOn"] = [T.ReviewNotAfterToday];
        var why = Required(reason, "reason", MaxReason, errors);
        if (errors.Count > 0)
            return errors;
        disclosure.GagReviewOn = until;
        await AuditAsync(id, actor, "gag-extended", $"{Day(until!.Value)}: {why}", ct);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>
    /// E-mails the privacy officers once for each gag whose review date has come: from that day the people concerned see
    /// the disclosure unless the gag is extended. Each review date is claimed with an UPDATE that only one server wins, so
    /// it is reminded once whatever the number of servers; a new date set by extending the gag is reminded in its turn.
    /// </summary>
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        var today = Today;
        var due = await db.Disclosures.AsNoTracking()
            .Where(d => d.Gagged && d.GagLiftedAt == null && d.GagReviewOn <= today && (d.GagRemindedFor == null || d.GagRemindedFor != d.GagReviewOn))
            .ToListAsync(ct);
        var sent = 0;
        foreach (var disclosure in due)
        {
            var reviewOn = disclosure.GagReviewOn!.Value;
            if (await db.Disclosures.Where(d => d.Id == disclosure.Id && d.GagReviewOn == reviewOn && (d.GagRemindedFor == null || d.GagRemindedFor != reviewOn))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.GagRemindedFor, reviewOn), ct) == 0)
                continue;
            foreach (var officer in await StaffAddresses.OfRolesAsync(db, [StaffRoles.PrivacyOfficer], ct))
                await outbox.AddAsync(new OutgoingEmail(officer, Format(T.ReviewReminderSubject, disclosure.RecipientName, disclosure.OrderReference),
                    Format(T.ReviewReminderBody, disclosure.RecipientName, disclosure.OrderReference, Day(reviewOn), new Uri(site.Base, $"/admin/disclosures/{disclosure.Id}"))), ct);
            await db.SaveChangesAsync(ct);
            await outbox.DeliverAddedAsync(ct);
            sent++;
        }
        return sent;
    }

    /// <summary>A day as the console and the package show it.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task AuditAsync(Guid id, string actor, string step, string? reason, CancellationToken ct)
    {
        foreach (var subject in await PersonsAsync(id, ct))
            db.AuditEntries.Add(AuditEntry.Create(time, actor, AuditPrefix + step, subject, reason: reason, details: Details(id)));
    }

    private static string Details(Guid id) => $"disclosure {id}";

    private static string? Required(string? value, string field, int max, Dictionary<string, string[]> errors) =>
        FormText.Required(value, field, max, errors, T.Required, Format(T.TooLong, max));

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
