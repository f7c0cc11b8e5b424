using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// One hour of one site's statistics, rolled up with its day: page views in the hour and the visitors who viewed a page
/// in it. Counts only, kept as long as the days; the dashboard draws a range of a day or two by the hour.
/// </summary>
internal sealed class AnalyticsHour
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public string Site { get; set; } = "";

    /// <summary>The hour's first instant, in UTC.</summary>
    [NotPersonal] public DateTime Hour { get; set; }

    [NotPersonal] public int Visitors { get; set; }
    [NotPersonal] public int PageViews { get; set; }
}

internal sealed class AnalyticsHourConfiguration : IEntityTypeConfiguration<AnalyticsHour>
{
    public void Configure(EntityTypeBuilder<AnalyticsHour> builder)
    {
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Site).HasMaxLength(AnalyticsEvent.MaxHost);
        // Rolled up once with its day, like the day's rows.
        builder.HasIndex(h => new { h.Site, h.Hour }).IsUnique();
    }
}
