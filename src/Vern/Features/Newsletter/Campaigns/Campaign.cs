using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Data;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>Where a campaign stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CampaignStatus>))]
internal enum CampaignStatus
{
    /// <summary>Being written: it can be changed, previewed and sent as a test.</summary>
    [JsonStringEnumMemberName("draft")] Draft,
    /// <summary>To be sent at its time; it can be taken back to a draft until then.</summary>
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("sending")] Sending,
    [JsonStringEnumMemberName("sent")] Sent,
}

/// <summary>What a campaign is, and so who it goes to (<see cref="ICampaignAudience"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CampaignKind>))]
internal enum CampaignKind
{
    /// <summary>A newsletter issue, to the confirmed subscribers.</summary>
    [JsonStringEnumMemberName("newsletter")] Newsletter,
    /// <summary>The notice of a significant policy change, to the people the change concerns (<see cref="Campaign.Audience"/>).</summary>
    [JsonStringEnumMemberName("notice")] Notice,
}

/// <summary>A campaign's text in one language: the subject line and the body in Markdown.</summary>
internal sealed record CampaignEdition(string Subject, string Markdown);

/// <summary>
/// One newsletter issue, written by the marketing role, or one notice of a significant policy change: a subject and a
/// Markdown body per language, sent to each recipient in theirs. While it is sent, the server sending it holds its lease (<see cref="SenderLeaseUntil"/>), so
/// one server at a time sends it however many run.
/// </summary>
internal sealed class Campaign
{
    [NotPersonal] public Guid Id { get; set; }
    /// <summary>The name staff know it by; never sent.</summary>
    [NotPersonal] public string Title { get; set; } = "";
    [NotPersonal] public CampaignKind Kind { get; set; }
    /// <summary>A notice's: the purposes whose people it goes to, chosen by the privacy officer when publishing.</summary>
    [NotPersonal] public List<string> Audience { get; set; } = [];
    /// <summary>A notice's: the policy version it announces.</summary>
    [NotPersonal] public int? PolicyVersionId { get; set; }
    /// <summary>By language code; a subscriber whose language has no edition gets the first one.</summary>
    [NotPersonal] public Dictionary<string, CampaignEdition> Editions { get; set; } = [];
    [NotPersonal] public CampaignStatus Status { get; set; }
    [NotPersonal] public string CreatedBy { get; set; } = "";
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public DateTime? ScheduledFor { get; set; }
    /// <summary>When its recipients were queued: the subscribers at that moment, each checked again when their message goes.</summary>
    [NotPersonal] public DateTime? QueuedAt { get; set; }
    [NotPersonal] public DateTime? FinishedAt { get; set; }
    /// <summary>The server sending it, and until when that server's claim holds without being renewed.</summary>
    [NotPersonal] public string? SenderId { get; set; }
    [NotPersonal] public DateTime? SenderLeaseUntil { get; set; }

    /// <summary>The edition for a subscriber who reads <paramref name="language"/>.</summary>
    public (string Language, CampaignEdition Edition) EditionFor(string language) =>
        Editions.TryGetValue(language, out var edition) ? (language, edition) : Editions.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)).First();
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(Campaigns.MaxTitle);
        builder.Property(c => c.Status).HasConversion<WireNameConverter<CampaignStatus>>().HasMaxLength(16);
        builder.Property(c => c.CreatedBy).HasMaxLength(256);
        builder.Property(c => c.SenderId).HasMaxLength(64);
        builder.Property(c => c.Editions).HasConversion(
            editions => JsonSerializer.Serialize(editions, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<Dictionary<string, CampaignEdition>>(json, JsonSerializerOptions.Web) ?? new(),
            new ValueComparer<Dictionary<string, CampaignEdition>>(
                (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
                d => JsonSerializer.Serialize(d, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
                d => new Dictionary<string, CampaignEdition>(d)));
        builder.Property(c => c.Kind).HasConversion<WireNameConverter<CampaignKind>>().HasMaxLength(16);
        builder.Property(c => c.Audience).HasJsonListConversion();
        builder.HasIndex(c => new { c.Status, c.ScheduledFor });
        builder.HasIndex(c => c.PolicyVersionId);
    }
}

internal static class CampaignQueries
{
    /// <summary>The marketing newsletter's campaigns: the console and its edits never see the notices of change sent by the same engine.</summary>
    public static IQueryable<Campaign> Newsletters(this IQueryable<Campaign> campaigns) => campaigns.Where(c => c.Kind == CampaignKind.Newsletter);
}
