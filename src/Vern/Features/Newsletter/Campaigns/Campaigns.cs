using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>What staff write: the campaign's name, and per language its subject and Markdown.</summary>
internal sealed record CampaignInput(string? Title, IReadOnlyDictionary<string, CampaignEdition>? Editions);

/// <summary>
/// Writing and scheduling campaigns (the marketing role): a draft can be changed, previewed and sent as a test to the
/// writer's own address; scheduled, it is sent at its time by <see cref="CampaignSending"/>, and can be taken back to a
/// draft until then. Every step is audited.
/// </summary>
internal sealed class Campaigns(AppDb db, CampaignContent content, NewsletterMail mail, MailOutbox outbox, TimeProvider time)
{
    public const int MaxTitle = 200;
    public const int MaxSubject = 200;

    /// <summary>Everything wrong with the input, per field (<c>title</c>, <c>editions.en.subject</c>, …).</summary>
    public Dictionary<string, string[]> Validate(CampaignInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > MaxTitle || input.Title.Any(char.IsControl))
            errors["title"] = [$"Give the campaign a name of at most {MaxTitle} characters on one line."];
        if (input.Editions is not { Count: > 0 } editions)
        {
            errors["editions"] = [$"Write the campaign in at least one language: {string.Join(", ", Languages.Supported)}."];
            return errors;
        }
        foreach (var (language, edition) in editions)
        {
            if (!Languages.Supported.Contains(language))
            {
                errors[$"editions.{language}"] = [$"The language must be one of: {string.Join(", ", Languages.Supported)}."];
                continue;
            }
            // A line break in a subject would end the header and start another (header injection).
            if (string.IsNullOrWhiteSpace(edition.Subject) || edition.Subject.Length > MaxSubject || edition.Subject.Any(char.IsControl))
                errors[$"editions.{language}.subject"] = [$"Give a subject of at most {MaxSubject} characters on one line."];
            if (string.IsNullOrWhiteSpace(edition.Markdown))
                errors[$"editions.{language}.markdown"] = ["Write the text of the campaign."];
            else if (content.Problems(edition.Markdown) is { Count: > 0 } problems)
                errors[$"editions.{language}.markdown"] = [.. problems];
        }
        return errors;
    }

    /// <summary>Saves a new draft from valid input (see <see cref="Validate"/>).</summary>
    public async Task<Campaign> CreateAsync(CampaignInput input, string staff, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(now),
            Title = input.Title!.Trim(),
            Editions = Trimmed(input),
            Status = CampaignStatus.Draft,
            CreatedBy = staff,
            CreatedAt = now.UtcDateTime,
        };
        db.Campaigns.Add(campaign);
        db.AuditEntries.Add(AuditEntry.Create(time, staff, "campaign.created", details: $"{campaign.Id}: {campaign.Title}"));
        await db.SaveChangesAsync(ct);
        return campaign;
    }

    /// <summary>Changes a draft; false when it is no longer one.</summary>
    public async Task<bool> UpdateAsync(Guid id, CampaignInput input, string staff, CancellationToken ct)
    {
        if (await db.Campaigns.Newsletters().FirstOrDefaultAsync(c => c.Id == id && c.Status == CampaignStatus.Draft, ct) is not { } campaign)
            return false;
        campaign.Title = input.Title!.Trim();
        campaign.Editions = Trimmed(input);
        db.AuditEntries.Add(AuditEntry.Create(time, staff, "campaign.changed", details: $"{campaign.Id}: {campaign.Title}"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Schedules a draft for <paramref name="at"/> (now, if that has passed); false when it is no longer a draft.</summary>
    public async Task<bool> ScheduleAsync(Guid id, DateTime at, string staff, CancellationToken ct)
    {
        var changed = await db.Campaigns.Newsletters().Where(c => c.Id == id && c.Status == CampaignStatus.Draft)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Scheduled).SetProperty(c => c.ScheduledFor, at), ct) == 1;
        if (changed)
        {
            db.AuditEntries.Add(AuditEntry.Create(time, staff, "campaign.scheduled", details: $"{id}: {at:yyyy-MM-dd'T'HH:mm'Z'}"));
            await db.SaveChangesAsync(ct);
        }
        return changed;
    }

    /// <summary>Takes a scheduled campaign back to a draft before it starts; false once it has started.</summary>
    public async Task<bool> UnscheduleAsync(Guid id, string staff, CancellationToken ct)
    {
        var changed = await db.Campaigns.Newsletters().Where(c => c.Id == id && c.Status == CampaignStatus.Scheduled && c.SenderId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Draft).SetProperty(c => c.ScheduledFor, (DateTime?)null), ct) == 1;
        if (changed)
        {
            db.AuditEntries.Add(AuditEntry.Create(time, staff, "campaign.unscheduled", details: id.ToString()));
            await db.SaveChangesAsync(ct);
        }
        return changed;
    }

    /// <summary>Sends every edition of the campaign to <paramref name="email"/> (the writer's own address), marked as a test.</summary>
    public async Task SendTestAsync(Campaign campaign, string email, string staff, CancellationToken ct)
    {
        foreach (var (language, edition) in campaign.Editions)
            await outbox.AddAsync(await mail.CampaignAsync(email, subscriberId: null, language, edition with { Subject = $"[test] {edition.Subject}" }, ct), ct);
        db.AuditEntries.Add(AuditEntry.Create(time, staff, "campaign.tested", details: campaign.Id.ToString()));
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
    }

    /// <summary>The HTML of an edition as subscribers get it, for the preview.</summary>
    public static MailContent Preview(CampaignEdition edition) => CampaignContent.Render(edition.Markdown);

    private static Dictionary<string, CampaignEdition> Trimmed(CampaignInput input) =>
        input.Editions!.ToDictionary(e => e.Key, e => new CampaignEdition(e.Value.Subject.Trim(), e.Value.Markdown), StringComparer.Ordinal);
}
