using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Subjects;

/// <summary>
/// The person's contact details, what they sent through the website's forms, the identifiers
/// linked to them and their consents to keep their records longer. One table: a row per detail, per submission,
/// per identifier and per consent, told apart by <c>record</c>, so the CSV reads top to bottom as "who you are,
/// what you sent, how we know you, how long you let us keep it". A withdraw-consent request withdraws those consents.
/// </summary>
internal sealed class SubjectsSource(AppDb db, SubjectVault vault, ModelStore models, TimeProvider time) : IPersonalDataSource, IWithdrawable
{
    private static readonly string[] Columns = ["record", "field", "purpose", "policyVersion", "at", "value"];

    public string Name => "subjects";

    public bool IdentifiesPerson => true;

    public IReadOnlyList<Type> Covers { get; } = [typeof(Subject), typeof(Submission), typeof(SubjectIdentifier)];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var texts = Text<SubjectsSourceTexts>.In(subject.Language);
        var stored = await db.Subjects.AsNoTracking().Where(s => s.Id == subject.Id).Select(s => new { s.CreatedAt }).FirstOrDefaultAsync(ct);
        var details = await vault.RevealAsync(subject.Id, ct);
        if (stored is null || details is null)
            return SourceExport.Empty(Name, texts.Title, texts.Origin, true, Columns);

        var rows = new List<IReadOnlyList<string?>>();
        var since = Instant(stored.CreatedAt);
        foreach (var (field, value) in new[] { ("email", details.Email), ("name", details.Name), ("phone", details.Phone), ("company", details.Company) })
            if (value is not null)
                rows.Add(["contact-details", field, null, null, since, value]);

        var submissions = await db.Submissions.AsNoTracking()
            .Where(s => s.SubjectId == subject.Id)
            .OrderBy(s => s.SubmittedAt)
            .Select(s => new { s.Form, s.Purpose, s.PolicyVersion, s.SubmittedAt, s.Content })
            .ToListAsync(ct);
        foreach (var s in submissions)
        {
            var message = s.Content is null ? null : await vault.OpenAsync(subject.Id, RecordSubmission.ContentField, s.Content, ct);
            rows.Add(["form-submission", s.Form, s.Purpose, s.PolicyVersion?.ToString(CultureInfo.InvariantCulture), Instant(s.SubmittedAt), message]);
        }

        var identifiers = await db.SubjectIdentifiers.AsNoTracking()
            .Where(i => i.SubjectId == subject.Id && i.Value != null)
            .OrderBy(i => i.Id)
            .Select(i => new { i.Kind, i.Value })
            .ToListAsync(ct);
        foreach (var identifier in identifiers)
            rows.Add(["identifier", identifier.Kind, null, null, null, await vault.OpenIdentifierAsync(subject.Id, identifier.Kind, identifier.Value!, ct)]);

        rows.AddRange(await KeepLongerRowsAsync(subject, texts, ct));

        // The address alone is what the person asked from, and their identifiers only link their browser:
        // what they sent through the forms is what shows Vern knows them.
        return new SourceExport(Name, texts.Title, texts.Origin, Portable: true, Columns, rows) { FindsPerson = submissions.Count > 0 };
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var stored = await db.Subjects.FirstOrDefaultAsync(s => s.Id == subject.Id, ct);
        var t = Text<SubjectsSourceTexts>.In(subject.Language);
        if (stored is null)
            return new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld);

        var today = OsloCalendar.Today(time);
        var holds = await db.SubjectHolds
            .Where(h => h.SubjectId == subject.Id && h.ReleasedAt == null && h.Until >= today)
            .ToListAsync(ct);
        if (holds.Count > 0)
        {
            // The law keeps the data, so the erasure waits for the hold and processing is restricted to
            // storage meanwhile (Art. 17(3)(b), 18); the hold's release erases it.
            stored.RestrictedAt ??= time.GetUtcNow().UtcDateTime;
            foreach (var hold in holds)
                hold.EraseWhenReleased = true;
            var longest = holds.MaxBy(h => h.Until)!;
            // The date follows in the notice itself, in the person's language.
            return new SourceErasure(Name, ErasureOutcome.Kept, string.Format(CultureInfo.InvariantCulture, t.Kept, longest.Reason, longest.Rule), longest.Until);
        }

        var submissions = await db.Submissions.Where(s => s.SubjectId == subject.Id).ToListAsync(ct);
        var identifiers = await db.SubjectIdentifiers.Where(i => i.SubjectId == subject.Id).ToListAsync(ct);
        db.Submissions.RemoveRange(submissions);
        db.SubjectIdentifiers.RemoveRange(identifiers);
        // The contact details themselves become unreadable when the request destroys the data key, last.
        var what = submissions.Count switch
        {
            0 => t.Erased,
            1 => t.ErasedOne,
            var n => string.Format(CultureInfo.InvariantCulture, t.ErasedMany, n),
        };
        return new SourceErasure(Name, ErasureOutcome.Erased, what);
    }

    /// <summary>Withdraws the person's consents to keep longer; says nothing when they had none standing.</summary>
    public async Task<SourceLimit?> WithdrawAllAsync(DataSubject subject, CancellationToken ct)
    {
        var rules = await RetentionConsents.WithdrawAllAsync(db, time, subject.Id, ct);
        return rules.Count == 0 ? null : new SourceLimit(Name, LimitOutcome.Done, Text<SubjectsSourceTexts>.In(subject.Language).KeepLongerWithdrawnNow);
    }

    /// <summary>A row per consent to keep longer: the rule, its purposes, when given and under which policy, and where it stands.</summary>
    private async Task<List<IReadOnlyList<string?>>> KeepLongerRowsAsync(DataSubject subject, SubjectsSourceTexts t, CancellationToken ct)
    {
        var consents = await db.RetentionConsents.AsNoTracking()
            .Where(c => c.SubjectId == subject.Id)
            .OrderBy(c => c.GivenAt)
            .ToListAsync(ct);
        var model = models.Current.Model;
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var consent in consents)
        {
            var rule = model.RetentionRule(consent.Rule);
            var purposes = model.Purposes.Where(p => p.Retention == consent.Rule).Select(p => p.Id).ToList();
            var what = rule?.KeepLonger is { } longer
                ? Format(t.KeepLonger, Durations.ToWords(longer.Period, subject.Language), longer.Purpose[subject.Language])
                : "";
            var standing = consent switch
            {
                { WithdrawnAt: { } withdrawn } => Format(t.KeepLongerWithdrawn, Day(withdrawn)),
                { EndedAt: { } ended } => Format(t.KeepLongerEnded, Day(ended)),
                _ when rule is not null && await RetentionConsents.UntilAsync(db, time, subject.Id, rule, purposes, ct) is { } until =>
                    Format(t.KeepLongerUntil, until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                _ => "",
            };
            rows.Add(["keep-longer", consent.Rule, string.Join(", ", purposes), consent.PolicyVersion?.ToString(CultureInfo.InvariantCulture),
                Instant(consent.GivenAt), (what + standing).Trim()]);
        }
        return rows;
    }

    private static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private static string Day(DateTime utc) =>
        OsloCalendar.DateOf(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => UtcInstants.Format(utc);
}
