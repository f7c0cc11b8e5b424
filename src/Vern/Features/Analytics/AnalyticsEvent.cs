using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// One page view, engaged time on a page, or custom event, as stored: the visitor is a pseudonym (the analytics id
/// of a consenting browser, or a hash salted for the day in cookieless mode), the address never reaches this row,
/// and the browser is only its family, major version and kind of device.
/// </summary>
internal sealed class AnalyticsEvent
{
    public const int MaxPath = 512;
    public const int MaxHost = 253;
    public const int MaxCampaign = 100;
    public const int MaxName = 64;
    public const int MaxProps = 500;

    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public string Site { get; set; } = "";
    [NotPersonal] public DateTime OccurredAt { get; set; }
    [NotPersonal] public AnalyticsEventKind Kind { get; set; }

    [Personal("online-identifiers", Plaintext = "A pseudonym (a keyed hash of the visitor id, or a hash salted for one day); counted, never shown.")]
    public string Visitor { get; set; } = "";

    /// <summary>Counted without consent: the visitor is a hash whose salt is deleted after two days.</summary>
    [NotPersonal] public bool Cookieless { get; set; }

    [Personal("usage-data", Plaintext = "The page's path, counted on the dashboard.")]
    public string Path { get; set; } = "";
    [Personal("usage-data", Plaintext = "Only the referring site's host name, counted on the dashboard.")]
    public string? ReferrerHost { get; set; }
    [Personal("usage-data", Plaintext = "Campaign parameters of the page address, counted on the dashboard.")]
    public string? UtmSource { get; set; }
    [Personal("usage-data", Plaintext = "Campaign parameters of the page address, counted on the dashboard.")]
    public string? UtmMedium { get; set; }
    [Personal("usage-data", Plaintext = "Campaign parameters of the page address, counted on the dashboard.")]
    public string? UtmCampaign { get; set; }

    [Personal("device-data", Plaintext = "A class of screen width, not the width.")]
    public ScreenClass Screen { get; set; }
    [Personal("device-data", Plaintext = "The browser's family only, such as Firefox.")]
    public string Browser { get; set; } = "";
    [Personal("device-data", Plaintext = "The browser's major version only.")]
    public int? BrowserVersion { get; set; }
    [Personal("device-data", Plaintext = "Desktop, tablet or phone.")]
    public DeviceClass Device { get; set; }

    /// <summary>For <see cref="AnalyticsEventKind.Engagement"/>: how long the page was visible, in milliseconds.</summary>
    [Personal("usage-data", Plaintext = "Time spent on a page, counted on the dashboard.")]
    public int? EngagedMs { get; set; }

    /// <summary>For <see cref="AnalyticsEventKind.Custom"/>: the event's name (a goal) and its properties as JSON.</summary>
    [Personal("usage-data", Plaintext = "The name of a goal the site defines, counted on the dashboard.")]
    public string? Name { get; set; }
    [Personal("usage-data", Plaintext = "Properties the site sends with a goal, counted on the dashboard.")]
    public string? Props { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<AnalyticsEventKind>))]
internal enum AnalyticsEventKind
{
    [JsonStringEnumMemberName("pageview")] PageView,
    [JsonStringEnumMemberName("engagement")] Engagement,
    [JsonStringEnumMemberName("event")] Custom,
}

/// <summary>Screen widths in the classes a dashboard tells apart: under 768, under 1,024 and wider CSS pixels.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScreenClass>))]
internal enum ScreenClass
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("small")] Small,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("large")] Large,
}

[JsonConverter(typeof(JsonStringEnumConverter<DeviceClass>))]
internal enum DeviceClass
{
    [JsonStringEnumMemberName("desktop")] Desktop,
    [JsonStringEnumMemberName("tablet")] Tablet,
    [JsonStringEnumMemberName("phone")] Phone,
}

internal sealed class AnalyticsEventConfiguration : IEntityTypeConfiguration<AnalyticsEvent>
{
    public void Configure(EntityTypeBuilder<AnalyticsEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Site).HasMaxLength(AnalyticsEvent.MaxHost);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Visitor).HasMaxLength(32);
        builder.Property(e => e.Path).HasMaxLength(AnalyticsEvent.MaxPath);
        builder.Property(e => e.ReferrerHost).HasMaxLength(AnalyticsEvent.MaxHost);
        builder.Property(e => e.UtmSource).HasMaxLength(AnalyticsEvent.MaxCampaign);
        builder.Property(e => e.UtmMedium).HasMaxLength(AnalyticsEvent.MaxCampaign);
        builder.Property(e => e.UtmCampaign).HasMaxLength(AnalyticsEvent.MaxCampaign);
        builder.Property(e => e.Screen).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Browser).HasMaxLength(32);
        builder.Property(e => e.Device).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Name).HasMaxLength(AnalyticsEvent.MaxName);
        builder.Property(e => e.Props).HasMaxLength(AnalyticsEvent.MaxProps);
        // The dashboard reads a site's range. One visitor's events are found through AnalyticsVisitorDay, by day.
        builder.HasIndex(e => new { e.Site, e.OccurredAt });
        // The roll-up reads a day, retention what is older than its rule, and VisitorEvents a visitor's day, across sites.
        builder.HasIndex(e => e.OccurredAt);
    }
}

/// <summary>A day's salt for cookieless counting, deleted two days after its day (as Plausible does).</summary>
internal sealed class AnalyticsSalt
{
    [NotPersonal] public DateOnly Day { get; set; }
    [NotPersonal] public byte[] Salt { get; set; } = [];
}

internal sealed class AnalyticsSaltConfiguration : IEntityTypeConfiguration<AnalyticsSalt>
{
    public void Configure(EntityTypeBuilder<AnalyticsSalt> builder) => builder.HasKey(s => s.Day);
}
