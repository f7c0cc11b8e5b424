using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// One day of one site's statistics, in total or for one value of a dimension (a page, a referrer, a goal): counts
/// only, no visitor, kept after the raw events are gone. The dashboard adds days up.
/// </summary>
internal sealed class AnalyticsDay : AnalyticsCounts
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public string Site { get; set; } = "";
    [NotPersonal] public DateOnly Day { get; set; }
}

/// <summary>
/// One month of one site's statistics: its days' rows added up once the month has ended, so a year's view adds up
/// twelve months' rows instead of 365 days' (bench/README.md, <c>statistics</c>).
/// </summary>
internal sealed class AnalyticsMonth : AnalyticsCounts
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public string Site { get; set; } = "";

    /// <summary>The month's first day.</summary>
    [NotPersonal] public DateOnly Month { get; set; }
}

/// <summary>The counts of a day or a month, in total or for one value of a dimension.</summary>
internal abstract class AnalyticsCounts
{
    [NotPersonal] public AnalyticsDimension Dimension { get; set; }

    /// <summary>The dimension's value (a path, a host, a goal's name); empty for <see cref="AnalyticsDimension.Total"/>.</summary>
    [NotPersonal] public string Value { get; set; } = "";

    [NotPersonal] public int Visitors { get; set; }
    [NotPersonal] public int Visits { get; set; }
    [NotPersonal] public int PageViews { get; set; }
    [NotPersonal] public int Bounces { get; set; }

    /// <summary>Goal events, for <see cref="AnalyticsDimension.Goal"/>.</summary>
    [NotPersonal] public int Events { get; set; }

    /// <summary>The visits' engaged time, as counts per <see cref="EngagedTime"/> bucket, for <see cref="AnalyticsDimension.Total"/>.</summary>
    [NotPersonal] public string? EngagedBuckets { get; set; }

    /// <summary>Adds <paramref name="other"/>'s counts to these; engaged-time buckets are added up apart (<see cref="EngagedTime.Add"/>).</summary>
    public void Add(AnalyticsCounts other)
    {
        Visitors += other.Visitors;
        Visits += other.Visits;
        PageViews += other.PageViews;
        Bounces += other.Bounces;
        Events += other.Events;
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<AnalyticsDimension>))]
internal enum AnalyticsDimension
{
    [JsonStringEnumMemberName("total")] Total,
    [JsonStringEnumMemberName("page")] Page,
    [JsonStringEnumMemberName("entry")] Entry,
    [JsonStringEnumMemberName("exit")] Exit,
    [JsonStringEnumMemberName("referrer")] Referrer,
    [JsonStringEnumMemberName("source")] Source,
    [JsonStringEnumMemberName("campaign")] Campaign,
    [JsonStringEnumMemberName("device")] Device,
    [JsonStringEnumMemberName("browser")] Browser,
    [JsonStringEnumMemberName("goal")] Goal,
}

internal sealed class AnalyticsDayConfiguration : IEntityTypeConfiguration<AnalyticsDay>
{
    public void Configure(EntityTypeBuilder<AnalyticsDay> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Site).HasMaxLength(AnalyticsEvent.MaxHost);
        AnalyticsCountsColumns.Configure(builder);
        // A day is rolled up once: the unique key makes a second roll-up of the same day fail instead of counting twice.
        builder.HasIndex(d => new { d.Site, d.Day, d.Dimension, d.Value }).IsUnique();
        // The chart and the comparison read only the days' totals: through the key above, a year's view walked every row
        // of the year for them, 140 ms of its 146 on PostgreSQL at 10,000,000 events (bench/README.md, statistics).
        builder.HasIndex(d => new { d.Site, d.Dimension, d.Day });
    }
}

internal sealed class AnalyticsMonthConfiguration : IEntityTypeConfiguration<AnalyticsMonth>
{
    public void Configure(EntityTypeBuilder<AnalyticsMonth> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Site).HasMaxLength(AnalyticsEvent.MaxHost);
        AnalyticsCountsColumns.Configure(builder);
        builder.HasIndex(m => new { m.Site, m.Month, m.Dimension, m.Value }).IsUnique();
    }
}

internal static class AnalyticsCountsColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> builder) where T : AnalyticsCounts
    {
        builder.Property(c => c.Dimension).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Value).HasMaxLength(AnalyticsEvent.MaxPath);
        builder.Property(c => c.EngagedBuckets).HasMaxLength(1000);
    }
}
