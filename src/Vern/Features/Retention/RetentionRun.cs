using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Retention;

/// <summary>
/// One day's retention run. The day is unique, so two servers sharing a database cannot both run it;
/// the lease says which process holds it and until when, so a run whose process died is taken over.
/// </summary>
internal sealed class RetentionRun
{
    [NotPersonal] public Guid Id { get; set; }
    /// <summary>The day (Oslo) the run disposes for.</summary>
    [NotPersonal] public DateOnly Day { get; set; }
    [NotPersonal] public DateTime StartedAt { get; set; }
    /// <summary>Null while running, or when the process running it died before the end.</summary>
    [NotPersonal] public DateTime? FinishedAt { get; set; }
    /// <summary>The process running it (host name and process id), for the operator reading the table.</summary>
    [NotPersonal] public string Holder { get; set; } = "";
    [NotPersonal] public DateTime LeaseUntil { get; set; }
}

/// <summary>How many records one source disposed of under one rule in one run: counts, never contents.</summary>
internal sealed class RetentionDisposal
{
    [NotPersonal] public long Id { get; set; }
    [NotPersonal] public Guid RunId { get; set; }
    [NotPersonal] public string Rule { get; set; } = "";
    [NotPersonal] public string Source { get; set; } = "";
    [NotPersonal] public int Count { get; set; }
}

internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> builder)
    {
        builder.HasIndex(r => r.Day).IsUnique();
        builder.Property(r => r.Holder).HasMaxLength(200);
    }
}

internal sealed class RetentionDisposalConfiguration : IEntityTypeConfiguration<RetentionDisposal>
{
    public void Configure(EntityTypeBuilder<RetentionDisposal> builder)
    {
        builder.HasIndex(d => new { d.RunId, d.Rule, d.Source }).IsUnique();
        builder.Property(d => d.Rule).HasMaxLength(100);
        builder.Property(d => d.Source).HasMaxLength(100);
    }
}
