using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.SubProcessors;

internal enum NoticeProblem { Unknown, Objected, Closed }

/// <summary>What an objection link leads to: the notice, its customer and the changes told of; or why it takes no objection.</summary>
internal sealed record NoticeLink(SubProcessorNotice? Notice, Customer? Customer, IReadOnlyList<SubProcessorChange> Changes, NoticeProblem? Problem);

/// <summary>
/// Art. 28(2): when a new version of the definition adds a sub-processor to a processor activity, or moves one to another
/// country or transfer safeguard, every contact of each customer the activity is carried out for is e-mailed, with the
/// version, before the change takes effect (the definition's <c>subProcessorNoticeDays</c> after it is announced, or the
/// recipient's later <c>listedSince</c>). Each notice carries a single link through which the customer may object until
/// then; the privacy officer resolves each objection, and every step is audited.
/// </summary>
internal sealed class SubProcessorNotices(AppDb db, SubjectVault vault, ProcessingGate gate, MailOutbox outbox, PublicUrl url, TimeProvider time) : IDefinitionChangeHandler
{
    public const int MaxReason = 2000;

    /// <summary>
    /// A sub-processor new to the definition cannot be published as listed since a day before its customers' notice ends:
    /// the public page and feed would say it was in use before the customers could object. One the definition already had
    /// (serving the controller, say) keeps its date: it was in use since then, only not for this product.
    /// </summary>
    public IReadOnlyList<ModelError> Check(PrivacyModel before, PrivacyModel after)
    {
        var earliest = NoticeEnds(after);
        return [.. Compare(before, after)
            .Where(c => c.Kind == SubProcessorChangeKind.Added && before.Recipient(c.Recipient.Id) is null && c.Recipient.ListedSince < earliest)
            .DistinctBy(c => c.Recipient.Id)
            .Select(c => new ModelError(ModelStore.FileName, 0, $"recipients[{after.Recipients.ToList().FindIndex(r => r.Id == c.Recipient.Id)}].listedSince",
                Format(Text<SubProcessorTexts>.In(Languages.English).ListedTooSoon, c.Recipient.Name, c.Activity, after.ProcessorTerms.SubProcessorNoticeDays,
                    c.Recipient.ListedSince?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))))];
    }

    /// <summary>The first day a sub-processor announced today may be used: the day its customers' notice ends.</summary>
    private DateOnly NoticeEnds(PrivacyModel after) => OsloCalendar.Today(time).AddDays(after.ProcessorTerms.SubProcessorNoticeDays);

    public async Task StageAsync(PrivacyModel before, PrivacyModel after, int version, string author, CancellationToken ct)
    {
        var today = OsloCalendar.Today(time);
        var now = time.GetUtcNow();
        var noticeEnds = NoticeEnds(after);
        var changes = Compare(before, after).Select(c => new SubProcessorChange
        {
            Id = Guid.CreateVersion7(now),
            ModelVersion = version,
            ActivityId = c.Activity,
            RecipientId = c.Recipient.Id,
            RecipientName = c.Recipient.Name,
            Country = c.Recipient.Country,
            Kind = c.Kind,
            EffectiveOn = c.Kind == SubProcessorChangeKind.Removed ? today
                : c.Recipient.ListedSince is { } listed && listed > noticeEnds ? listed : noticeEnds,
            AnnouncedAt = now.UtcDateTime,
            AnnouncedBy = author,
        }).ToList();
        if (changes.Count == 0)
            return;
        db.SubProcessorChanges.AddRange(changes);
        db.AuditEntries.Add(AuditEntry.Create(time, author, "customer.subprocessor-changes", details: string.Join("; ", changes.Select(c =>
            $"definition version {version}: {c.Kind.ToString().ToLowerInvariant()} {c.RecipientId} ({c.Country}) for {c.ActivityId}, effective {c.EffectiveOn:yyyy-MM-dd}"))));

        var told = changes.Where(c => c.Kind != SubProcessorChangeKind.Removed).ToList();
        if (told.Count == 0)
            return;
        var t = Text<SubProcessorTexts>.In(Languages.Default);
        var processor = after.Controller.Name;
        var customers = (await db.Customers.AsNoTracking().Where(c => c.DataDeletedAt == null).ToListAsync(ct))
            .Where(c => c.LicenceEnd is not { } end || end >= today).ToList();
        foreach (var customer in customers)
        {
            var theirs = changes.Where(c => customer.Activities.Contains(c.ActivityId)).ToList();
            if (!theirs.Any(c => c.Kind != SubProcessorChangeKind.Removed))
                continue;
            var effective = theirs.Where(c => c.Kind != SubProcessorChangeKind.Removed).Min(c => c.EffectiveOn);
            var lines = new StringBuilder();
            foreach (var c in theirs)
            {
                lines.Append("- ").AppendLine(Describe(c, after, Languages.Default));
                // A change the customer's own instructions do not allow is said so, rather than left for it to notice.
                if (c.Kind != SubProcessorChangeKind.Removed && !customer.Allows(c.Country))
                    lines.Append("  ").AppendLine(Format(t.OutsideInstructions, c.Country, customer.Organisation, string.Join(", ", customer.AllowedRegions)));
            }
            var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == customer.Id).Select(c => c.SubjectId).ToListAsync(ct);
            foreach (var subjectId in contacts)
            {
                // A contact who objected to being written to, asked for restriction or was erased is not told.
                if ((await gate.CheckAsync(subjectId, CustomerContactsSource.Purpose, browser: null, ct)).Refusal is not null
                    || await vault.RevealAsync(subjectId, ct) is not { Email: { } email } person)
                    continue;
                var (token, hash) = SubscriberTokens.NewConfirmation();
                db.SubProcessorNotices.Add(new SubProcessorNotice
                {
                    Id = Guid.CreateVersion7(now),
                    ModelVersion = version,
                    CustomerId = customer.Id,
                    SubjectId = subjectId,
                    TokenHash = hash,
                    SentAt = now.UtcDateTime,
                    EffectiveOn = effective,
                });
                var until = effective.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await outbox.AddAsync(new OutgoingEmail(email, Format(t.NoticeSubject, processor, until),
                    Format(t.NoticeBody, person.Name ?? email, processor, customer.Organisation, lines, until, url.Link($"/dpa/object/{token}"))), ct);
                db.AuditEntries.Add(AuditEntry.Create(time, author, "customer.subprocessor-notice-sent", subjectId,
                    details: $"customer {customer.Id}, definition version {version}, effective {effective:yyyy-MM-dd}"));
            }
        }
    }

    public Task DeliverAsync(CancellationToken ct) => outbox.DeliverAddedAsync(ct);

    /// <summary>What a link leads to. Reading it changes nothing.</summary>
    public async Task<NoticeLink> FindAsync(string? token, CancellationToken ct)
    {
        var none = new NoticeLink(null, null, [], NoticeProblem.Unknown);
        if (SubscriberTokens.ConfirmationHash(token) is not { } hash
            || await db.SubProcessorNotices.FirstOrDefaultAsync(n => n.TokenHash == hash, ct) is not { } notice
            || await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == notice.CustomerId && c.DataDeletedAt == null, ct) is not { } customer)
            return none;
        var changes = (await db.SubProcessorChanges.AsNoTracking().Where(c => c.ModelVersion == notice.ModelVersion).OrderBy(c => c.RecipientName).ToListAsync(ct))
            .Where(c => customer.Activities.Contains(c.ActivityId)).ToList();
        NoticeProblem? problem = notice.ObjectedAt is not null ? NoticeProblem.Objected
            : OsloCalendar.Today(time) >= notice.EffectiveOn ? NoticeProblem.Closed
            : null;
        return new NoticeLink(notice, customer, changes, problem);
    }

    /// <summary>Records the customer's objection with its reason; the problem with the reason, or with the link, otherwise.</summary>
    public async Task<(NoticeLink Link, string? ReasonError)> ObjectAsync(string? token, string? reason, string language, CancellationToken ct)
    {
        var link = await FindAsync(token, ct);
        if (link.Problem is not null)
            return (link, null);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReason)
            return (link, Format(Text<SubProcessorTexts>.In(language).ReasonRequired, MaxReason));
        var notice = link.Notice!;
        notice.ObjectedAt = time.GetUtcNow().UtcDateTime;
        notice.Reason = await vault.SealAsync(notice.SubjectId, nameof(SubProcessorNotice.Reason), reason, ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.subprocessor-objected", notice.SubjectId,
            details: $"customer {notice.CustomerId}, definition version {notice.ModelVersion}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (link with { Problem = NoticeProblem.Objected }, null);
        }
        return (link, null);
    }

    /// <summary>An objection's reason, opened for the privacy officer and audited; null when there is none or its writer was erased.</summary>
    public async Task<string?> ReasonAsync(Guid noticeId, string viewer, CancellationToken ct)
    {
        var notice = await db.SubProcessorNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice?.Reason is not { } sealedReason || await vault.OpenAsync(notice.SubjectId, nameof(SubProcessorNotice.Reason), sealedReason, ct) is not { } reason)
            return null;
        db.AuditEntries.Add(AuditEntry.Create(time, viewer, "customer.objection-viewed", notice.SubjectId, details: $"customer {notice.CustomerId}, definition version {notice.ModelVersion}"));
        await db.SaveChangesAsync(ct);
        return reason;
    }

    /// <summary>The privacy officer's resolution of an objection; false when there is no open objection to resolve.</summary>
    public async Task<bool> ResolveAsync(Guid noticeId, ObjectionResolution resolution, string? note, string actor, CancellationToken ct)
    {
        if (await db.SubProcessorNotices.FirstOrDefaultAsync(n => n.Id == noticeId && n.ObjectedAt != null && n.ResolvedAt == null, ct) is not { } notice)
            return false;
        notice.Resolution = resolution;
        notice.ResolutionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 1000)];
        notice.ResolvedAt = time.GetUtcNow().UtcDateTime;
        notice.ResolvedBy = actor;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "customer.objection-resolved", notice.SubjectId,
            details: $"customer {notice.CustomerId}, definition version {notice.ModelVersion}: {resolution}" + (notice.ResolutionNote is { } n ? $", {n}" : "")));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Which sub-processors of which processor activity a new version adds, moves or removes.</summary>
    public static IReadOnlyList<(string Activity, SubProcessorChangeKind Kind, Recipient Recipient)> Compare(PrivacyModel before, PrivacyModel after)
    {
        var changes = new List<(string, SubProcessorChangeKind, Recipient)>();
        foreach (var activity in after.ProcessorActivities)
        {
            var old = before.ProcessorActivities.FirstOrDefault(a => a.Id == activity.Id)?.SubProcessors ?? [];
            foreach (var id in activity.SubProcessors)
            {
                if (after.Recipient(id) is not { } recipient)
                    continue;
                if (!old.Contains(id))
                    changes.Add((activity.Id, SubProcessorChangeKind.Added, recipient));
                else if (before.Recipient(id) is { } was && Features.Centre.SubprocessorChanges.MovesData(was, recipient))
                    changes.Add((activity.Id, SubProcessorChangeKind.Changed, recipient));
            }
            foreach (var id in old.Where(id => !activity.SubProcessors.Contains(id)))
                if (before.Recipient(id) is { } gone)
                    changes.Add((activity.Id, SubProcessorChangeKind.Removed, gone));
        }
        return changes;
    }

    /// <summary>One line of the notice, in the definition's words.</summary>
    public static string Describe(SubProcessorChange c, PrivacyModel model, string language)
    {
        var t = Text<SubProcessorTexts>.In(language);
        var activity = model.ProcessorActivities.FirstOrDefault(a => a.Id == c.ActivityId)?.Name[language] ?? c.ActivityId;
        var service = model.Recipient(c.RecipientId)?.Service[language] ?? "";
        var date = c.EffectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return c.Kind switch
        {
            SubProcessorChangeKind.Added => Format(t.Added, c.RecipientName, c.Country, activity, date, service),
            SubProcessorChangeKind.Changed => Format(t.Changed, c.RecipientName, c.Country, activity, date, service),
            _ => Format(t.Removed, c.RecipientName, c.Country, activity),
        };
    }

    private static string Format(string text, params object?[] values) => string.Format(CultureInfo.InvariantCulture, text, values);
}
