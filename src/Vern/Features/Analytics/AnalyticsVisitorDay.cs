using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// A day on which events were stored under a consenting browser's pseudonym: how one person's events are found for
/// access, erasure and withdrawal. The events themselves have no index on their visitor: its values are random, and
/// keeping such an index made each batch's insert six times slower than the rest of it (bench/README.md, analytics).
/// Cookieless events are not listed: no request can name their visitor.
/// </summary>
internal sealed class AnalyticsVisitorDay
{
    [Personal("online-identifiers", Plaintext = "A pseudonym (a keyed hash of the visitor id); looked up, never shown.")]
    public string Visitor { get; set; } = "";

    [NotPersonal] public DateOnly Day { get; set; }

    public static AnalyticsVisitorDay Of(AnalyticsEvent e) => new() { Visitor = e.Visitor, Day = DateOnly.FromDateTime(e.OccurredAt) };
}

internal sealed class AnalyticsVisitorDayConfiguration : IEntityTypeConfiguration<AnalyticsVisitorDay>
{
    public void Configure(EntityTypeBuilder<AnalyticsVisitorDay> builder)
    {
        builder.HasKey(d => new { d.Visitor, d.Day });
        builder.Property(d => d.Visitor).HasMaxLength(32);
        // Retention deletes the days whose events are gone.
        builder.HasIndex(d => d.Day);
    }
}
