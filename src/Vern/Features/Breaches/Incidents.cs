using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches;

/// <summary>
/// The breach register (Art. 33, 34): any staff member reports an incident; the privacy officer completes what
/// Art. 33(3) asks, assesses the risk, records the notification to the supervisory authority and its follow-ups, and
/// closes it. Every change is a step in the incident's timeline and an audit entry, saved together. While an incident
/// awaits notification, the privacy officers are reminded 24, 48 and 66 hours after awareness, each reminder once.
/// </summary>
internal sealed class Incidents(AppDb db, MailOutbox outbox, ModelStore models, PublicUrl url, TimeProvider time)
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;
    public const int MaxCount = 100_000_000;

    /// <summary>Hours after awareness at which the privacy officers are reminded of an incident not yet notified.</summary>
    public static readonly IReadOnlyList<int> ReminderHours = [24, 48, 66];

    private static IncidentTexts T => Text<IncidentTexts>.In(Languages.Default);

    public Task<Incident?> FindAsync(Guid id, CancellationToken ct) => db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);

    public Task<List<IncidentEvent>> TimelineAsync(Guid id, CancellationToken ct) =>
        db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);

    /// <summary>Open incidents first, the nearest deadline first; then closed ones, the latest first.</summary>
    public async Task<List<Incident>> ListAsync(int? year, CancellationToken ct)
    {
        var query = db.Incidents.AsNoTracking();
        if (year is { } y)
            query = query.Where(i => i.AwareAt >= new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Utc) && i.AwareAt < new DateTime(y + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var all = await query.ToListAsync(ct);
        return [.. all.Where(i => i.ClosedAt is null).OrderBy(i => i.AwareAt), .. all.Where(i => i.ClosedAt is not null).OrderByDescending(i => i.ClosedAt)];
    }

    /// <summary>The incidents whose 72 hours run, for the warning on every console page.</summary>
    public Task<List<Incident>> AwaitingNoticeAsync(CancellationToken ct) =>
        db.Incidents.AsNoTracking()
            .Where(Incident.AwaitingNotice)
            .OrderBy(i => i.AwareAt).ToListAsync(ct);

    public async Task<(Incident? Incident, Dictionary<string, string[]> Errors)> ReportAsync(IncidentReport report, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow().UtcDateTime;
        var title = Required(report.Title, "title", MaxTitle, errors);
        var nature = Required(report.Nature, "nature", MaxText, errors);
        var awareAt = report.AwareAt ?? now;
        if (awareAt > now)
            errors["awareAt"] = [T.AwareInFuture];
        if (errors.Count > 0)
            return (null, errors);
        var model = models.Current.Model;
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Title = title!,
            Nature = nature!,
            ReportedBy = actor,
            ReportedAt = now,
            AwareAt = awareAt,
            ContactPoint = model.Controller.ProtectionOfficer ?? model.Controller.Email,
        };
        db.Incidents.Add(incident);
        Step(incident.Id, actor, IncidentStep.Reported, Format(T.ReportedStep, Instant(awareAt)));
        await db.SaveChangesAsync(ct);
        return (incident, errors);
    }

    public async Task<Dictionary<string, string[]>> UpdateAsync(Guid id, IncidentDetails details, string actor, CancellationToken ct)
    {
        var incident = await db.Incidents.FirstAsync(i => i.Id == id, ct);
        var model = models.Current.Model;
        var errors = new Dictionary<string, string[]>();
        var title = Required(details.Title, "title", MaxTitle, errors);
        var nature = Required(details.Nature, "nature", MaxText, errors);
        var contact = Required(details.ContactPoint, "contactPoint", MaxTitle, errors);
        var now = time.GetUtcNow().UtcDateTime;
        if (details.AwareAt is null || details.AwareAt > now)
            errors["awareAt"] = [T.AwareInFuture];
        if (details.OccurredAt is { } occurred && (occurred > now || details.AwareAt is { } aware && occurred > aware))
            errors["occurredAt"] = [T.OccurredAfterAware];
        if (details.Categories.FirstOrDefault(c => model.Category(c) is null) is { } category)
            errors["categories"] = [Format(T.UnknownCategory, category)];
        if (details.SubjectKinds.FirstOrDefault(s => model.SubjectKind(s) is null) is { } kind)
            errors["subjectKinds"] = [Format(T.UnknownSubjectKind, kind)];
        var systems = details.Systems ?? IncidentSystems.None;
        if (AffectedSystems.Unknown(systems, model) is { } system)
            errors["systems"] = [Format(T.UnknownSystem, system)];
        foreach (var (field, value) in new[] { ("approximateSubjects", details.ApproximateSubjects), ("approximateRecords", details.ApproximateRecords) })
            if (value is < 0 or > MaxCount)
                errors[field] = [Format(T.CountOutOfRange, MaxCount)];
        foreach (var (field, value) in new[] { ("consequences", details.Consequences), ("measuresTaken", details.MeasuresTaken), ("measuresProposed", details.MeasuresProposed) })
            if (value?.Length > MaxText)
                errors[field] = [Format(T.TooLong, MaxText)];
        if (errors.Count > 0)
            return errors;

        var changed = new List<string>();
        void Set<TValue>(string label, TValue current, TValue next, Action<TValue> apply)
        {
            if (EqualityComparer<TValue>.Default.Equals(current, next))
                return;
            apply(next);
            changed.Add(label);
        }
        Set(T.FieldTitle, incident.Title, title!, v => incident.Title = v);
        Set(T.FieldNature, incident.Nature, nature!, v => incident.Nature = v);
        Set(T.FieldAwareAt, incident.AwareAt, details.AwareAt!.Value, v => incident.AwareAt = v);
        Set(T.FieldOccurredAt, incident.OccurredAt, details.OccurredAt, v => incident.OccurredAt = v);
        Set(T.FieldCategories, string.Join(',', incident.Categories), string.Join(',', details.Categories.Order()), _ => incident.Categories = [.. details.Categories.Order()]);
        Set(T.FieldSubjectKinds, string.Join(',', incident.SubjectKinds), string.Join(',', details.SubjectKinds.Order()), _ => incident.SubjectKinds = [.. details.SubjectKinds.Order()]);
        var systemsBefore = AffectedSystems.Describe(new IncidentSystems(incident.AffectedStores, incident.AffectedRecipients, incident.AffectedActivities), model);
        Set(T.FieldSystems, systemsBefore, AffectedSystems.Describe(Sorted(systems), model), _ =>
        {
            incident.AffectedStores = [.. systems.Stores.Distinct().Order()];
            incident.AffectedRecipients = [.. systems.Recipients.Distinct().Order()];
            incident.AffectedActivities = [.. systems.Activities.Distinct().Order()];
        });
        Set(T.FieldApproximateSubjects, incident.ApproximateSubjects, details.ApproximateSubjects, v => incident.ApproximateSubjects = v);
        Set(T.FieldApproximateRecords, incident.ApproximateRecords, details.ApproximateRecords, v => incident.ApproximateRecords = v);
        Set(T.FieldContactPoint, incident.ContactPoint, contact!, v => incident.ContactPoint = v);
        Set(T.FieldConsequences, incident.Consequences, FormText.Trimmed(details.Consequences), v => incident.Consequences = v);
        Set(T.FieldMeasuresTaken, incident.MeasuresTaken, FormText.Trimmed(details.MeasuresTaken), v => incident.MeasuresTaken = v);
        Set(T.FieldMeasuresProposed, incident.MeasuresProposed, FormText.Trimmed(details.MeasuresProposed), v => incident.MeasuresProposed = v);
        if (changed.Count == 0)
            return errors;
        var detail = Format(T.UpdatedStep, string.Join(", ", changed));
        if (changed.Contains(T.FieldSystems))
            detail += " " + Format(T.SystemsStep, AffectedSystems.Describe(Sorted(systems), model));
        Step(id, actor, IncidentStep.Updated, detail);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    public async Task<Dictionary<string, string[]>> AssessAsync(Guid id, IncidentRisk risk, string? reasoning, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (risk == IncidentRisk.Unassessed || !Enum.IsDefined(risk))
            errors["risk"] = [T.RiskRequired];
        var why = Required(reasoning, "reasoning", MaxText, errors);
        if (errors.Count > 0)
            return errors;
        var incident = await db.Incidents.FirstAsync(i => i.Id == id, ct);
        incident.Risk = risk;
        incident.RiskReasoning = why;
        Step(id, actor, IncidentStep.Assessed, Format(T.AssessedStep, RiskName(risk), why));
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Records that the authority was notified, when and how; a notification later than 72 hours needs its reasons (Art. 33(1)).</summary>
    public async Task<Dictionary<string, string[]>> RecordNoticeAsync(Guid id, DateTime? at, string? how, string? delayReason, string actor, CancellationToken ct)
    {
        var incident = await db.Incidents.FirstAsync(i => i.Id == id, ct);
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow().UtcDateTime;
        var when = at ?? now;
        if (incident.Risk == IncidentRisk.None)
            errors["risk"] = [T.NoticeNotNeeded];
        if (when > now || when < incident.AwareAt)
            errors["notifiedAt"] = [T.NoticeTimeInvalid];
        var means = Required(how, "how", MaxTitle, errors);
        var late = when > incident.Deadline;
        var reason = late ? Required(delayReason, "delayReason", MaxText, errors) : FormText.Trimmed(delayReason);
        if (errors.Count > 0)
            return errors;
        incident.AuthorityNotifiedAt = when;
        incident.AuthorityNotifiedHow = means;
        incident.DelayReason = reason;
        var authority = models.Current.Model.Authority.Name;
        Step(id, actor, IncidentStep.AuthorityNotified, Format(late ? T.NotifiedLateStep : T.NotifiedStep, authority, Instant(when), means, reason));
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Information given to the authority in a later phase (Art. 33(4)), or its questions and their answers.</summary>
    public async Task<Dictionary<string, string[]>> FollowUpAsync(Guid id, string? what, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var text = Required(what, "followUp", MaxText, errors);
        if (errors.Count > 0)
            return errors;
        await db.Incidents.FirstAsync(i => i.Id == id, ct);
        Step(id, actor, IncidentStep.FollowUp, text!);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Closes an assessed incident: one that had to be notified only once it was.</summary>
    public async Task<Dictionary<string, string[]>> CloseAsync(Guid id, string actor, CancellationToken ct)
    {
        var incident = await db.Incidents.FirstAsync(i => i.Id == id, ct);
        var errors = new Dictionary<string, string[]>();
        if (incident.Risk == IncidentRisk.Unassessed)
            errors["risk"] = [T.CloseUnassessed];
        else if (incident.AwaitsNotice)
            errors["notifiedAt"] = [T.CloseUnnotified];
        if (errors.Count > 0 || incident.ClosedAt is not null)
            return errors;
        incident.ClosedAt = time.GetUtcNow().UtcDateTime;
        Step(id, actor, IncidentStep.Closed, T.ClosedStep);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>
    /// Reminds the privacy officers of each incident awaiting notification whose next reminder is due. A reminder is
    /// claimed in the database before it is sent, so with several servers, or after a restart, it goes out once; after a
    /// long pause only the latest due is sent.
    /// </summary>
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var last = ReminderHours[^1];
        var candidates = await db.Incidents.AsNoTracking()
            .Where(Incident.AwaitingNotice).Where(i => i.RemindedAtHours < last)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var incident in candidates)
        {
            var due = ReminderHours.LastOrDefault(h => incident.AwareAt.AddHours(h) <= now);
            if (due <= incident.RemindedAtHours)
                continue;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Incidents.Where(i => i.Id == incident.Id && i.RemindedAtHours < due).ExecuteUpdateAsync(s => s.SetProperty(i => i.RemindedAtHours, due), ct) == 0)
                continue;
            var model = models.Current.Model;
            var left = Math.Max(0, (int)Math.Floor((incident.Deadline - now).TotalHours));
            var officers = await StaffAddresses.OfRolesAsync(db, [StaffRoles.PrivacyOfficer], ct);
            foreach (var officer in officers)
                await outbox.AddAsync(new OutgoingEmail(officer, Format(T.ReminderSubject, left, incident.Title),
                    Format(T.ReminderBody, incident.Title, Instant(incident.AwareAt), model.Authority.Name, Instant(incident.Deadline), left,
                        RiskName(incident.Risk), url.Link($"/admin/incidents/{incident.Id}"))), ct);
            Step(incident.Id, "system", IncidentStep.Reminded, Format(T.RemindedStep, due, officers.Count));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await outbox.DeliverAddedAsync(ct);
            sent++;
        }
        return sent;
    }

    private static IncidentSystems Sorted(IncidentSystems systems) =>
        new([.. systems.Stores.Distinct().Order()], [.. systems.Recipients.Distinct().Order()], [.. systems.Activities.Distinct().Order()]);

    public static string RiskName(IncidentRisk risk) => risk switch
    {
        IncidentRisk.None => T.RiskNone,
        IncidentRisk.Risk => T.RiskRisk,
        IncidentRisk.HighRisk => T.RiskHigh,
        _ => T.RiskUnassessed,
    };

    /// <summary>An instant as the console and the documents show it.</summary>
    public static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private void Step(Guid incident, string actor, IncidentStep step, string detail) => Step(db, time, incident, actor, step, detail);

    /// <summary>Adds a step to the incident's timeline and its audit entry, to be saved with the change they record.</summary>
    public static void Step(AppDb db, TimeProvider time, Guid incident, string actor, IncidentStep step, string detail)
    {
        db.IncidentEvents.Add(new IncidentEvent { IncidentId = incident, At = time.GetUtcNow().UtcDateTime, Actor = actor, Step = step, Detail = detail });
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "incident." + step.ToString().ToLowerInvariant(), details: $"incident {incident}: {detail}"));
    }

    private static string? Required(string? value, string field, int max, Dictionary<string, string[]> errors) =>
        FormText.Required(value, field, max, errors, T.Required, Format(T.TooLong, max));

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
