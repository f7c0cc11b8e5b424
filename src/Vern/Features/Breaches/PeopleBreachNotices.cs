using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches;

/// <summary>
/// Telling the people affected by a high-risk breach (Art. 34): the privacy officer lists them, found in the vault by
/// address, and writes in plain words, per language, what happened and what they can do; each person is e-mailed in
/// their language once, and each notice is recorded in the audit trail under the person and in the incident's timeline.
/// A legal obligation: no objection or restriction of the person's stops it, so it does not ask the processing gate.
/// Every list of who they are is a view of personal data, and audited.
/// </summary>
internal sealed class PeopleBreachNotices(AppDb db, SubjectVault vault, MailOutbox outbox, ModelStore models, TimeProvider time)
{
    private static IncidentTexts T => Text<IncidentTexts>.In(Languages.Default);

    /// <summary>The people listed, with their addresses; the view is audited.</summary>
    public async Task<List<(IncidentPerson Person, string? Email)>> ListAsync(Guid incidentId, string viewer, CancellationToken ct)
    {
        var people = await db.IncidentPeople.AsNoTracking().Where(p => p.IncidentId == incidentId).OrderBy(p => p.Id).ToListAsync(ct);
        var emails = await vault.RevealEmailsAsync([.. people.Select(p => p.SubjectId)], ct);
        if (people.Count > 0)
        {
            db.AuditEntries.Add(AuditEntry.Create(time, viewer, "incident.people-viewed", details: $"incident {incidentId}: {people.Count} people listed"));
            await db.SaveChangesAsync(ct);
        }
        return [.. people.Select(p => (p, emails.GetValueOrDefault(p.SubjectId)))];
    }

    public async Task<Dictionary<string, string[]>> AddAsync(Guid incidentId, string? email, string? language, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var lang = Languages.Match(language);
        if (lang is null)
            errors["language"] = [T.LanguageInvalid];
        var subjectId = string.IsNullOrWhiteSpace(email) ? null : await vault.FindByEmailAsync(email.Trim(), ct);
        if (subjectId is null)
            errors["email"] = [T.PersonNotFound];
        if (errors.Count > 0 || subjectId is null)
            return errors;
        if (await db.IncidentPeople.AnyAsync(p => p.IncidentId == incidentId && p.SubjectId == subjectId.Value, ct))
            return errors;
        db.IncidentPeople.Add(new IncidentPerson { IncidentId = incidentId, SubjectId = subjectId.Value, Language = lang!, AddedAt = time.GetUtcNow().UtcDateTime, AddedBy = actor });
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "incident.person-added", subjectId.Value, details: $"incident {incidentId}"));
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>
    /// E-mails everyone listed and not yet told, each in their language, with the officer's words for that language;
    /// refuses, naming the field, unless the incident is assessed as a high risk and every language needed has its words.
    /// </summary>
    public async Task<(int Told, Dictionary<string, string[]> Errors)> NotifyAsync(Guid incidentId, IReadOnlyDictionary<string, (string? WhatHappened, string? WhatToDo)> words, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == incidentId, ct);
        if (incident.Risk != IncidentRisk.HighRisk)
            errors["risk"] = [T.PeopleNoticeNotHighRisk];
        var waiting = await db.IncidentPeople.Where(p => p.IncidentId == incidentId && p.NotifiedAt == null).ToListAsync(ct);
        if (waiting.Count == 0)
            errors["people"] = [T.PeopleNoneWaiting];
        foreach (var language in waiting.Select(p => p.Language).Distinct())
            foreach (var (field, text) in new[] { ($"happened-{language}", words.GetValueOrDefault(language).WhatHappened), ($"todo-{language}", words.GetValueOrDefault(language).WhatToDo) })
                if (string.IsNullOrWhiteSpace(text))
                    errors[field] = [Text<IncidentTexts>.In(language).Required];
                else if (text.Length > Incidents.MaxText)
                    errors[field] = [string.Format(CultureInfo.InvariantCulture, T.TooLong, Incidents.MaxText)];
        if (errors.Count > 0)
            return (0, errors);

        var model = models.Current.Model;
        var now = time.GetUtcNow().UtcDateTime;
        var emails = await vault.RevealEmailsAsync([.. waiting.Select(p => p.SubjectId)], ct);
        var told = 0;
        foreach (var person in waiting)
        {
            // Someone erased since they were listed has no address left to write to.
            if (!emails.TryGetValue(person.SubjectId, out var email))
                continue;
            var texts = Text<IncidentTexts>.In(person.Language);
            var (happened, todo) = words[person.Language];
            await outbox.AddAsync(new OutgoingEmail(email, string.Format(CultureInfo.InvariantCulture, texts.PersonNoticeSubject, model.Controller.Name),
                string.Format(CultureInfo.InvariantCulture, texts.PersonNoticeBody, model.Controller.Name, happened!.Trim(), todo!.Trim(), incident.ContactPoint, model.Controller.Email)), ct);
            person.NotifiedAt = now;
            db.AuditEntries.Add(AuditEntry.Create(time, actor, "incident.person-notified", person.SubjectId, details: $"incident {incidentId}, in {person.Language}"));
            told++;
        }
        var detail = string.Format(CultureInfo.InvariantCulture, T.PeopleNotifiedStep, told,
            string.Join(" | ", words.Where(w => waiting.Any(p => p.Language == w.Key)).Select(w => $"{w.Key}: {w.Value.WhatHappened?.Trim()} / {w.Value.WhatToDo?.Trim()}")));
        Incidents.Step(db, time, incidentId, actor, IncidentStep.PeopleNotified, detail);
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return (told, errors);
    }
}
