using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Retention;

/// <summary>
/// What is left of records a rule anonymises: how many there were, by source, purpose, label and month,
/// and nothing about whom. No identifier, no exact time and no free text is carried over, and a group too
/// small to hide its members is folded into a coarser one (<see cref="AnonymousTotals"/>).
/// </summary>
internal sealed class AnonymousTotal
{
    [NotPersonal] public long Id { get; set; }
    /// <summary>The retention source the records came from, such as <c>subjects</c>.</summary>
    [NotPersonal] public string Source { get; set; } = "";
    [NotPersonal] public string Purpose { get; set; } = "";
    /// <summary>What the records were within the source (a form's name); empty once folded.</summary>
    [NotPersonal] public string Label { get; set; } = "";
    /// <summary><c>yyyy-MM</c>, <c>yyyy</c> once folded into its year, or empty once folded into all time.</summary>
    [NotPersonal] public string Period { get; set; } = "";
    [NotPersonal] public int Count { get; set; }
}

internal sealed class AnonymousTotalConfiguration : IEntityTypeConfiguration<AnonymousTotal>
{
    public void Configure(EntityTypeBuilder<AnonymousTotal> builder)
    {
        builder.HasIndex(t => new { t.Source, t.Purpose, t.Label, t.Period }).IsUnique();
        builder.Property(t => t.Source).HasMaxLength(100);
        builder.Property(t => t.Purpose).HasMaxLength(64);
        builder.Property(t => t.Label).HasMaxLength(40);
        builder.Property(t => t.Period).HasMaxLength(7);
    }
}
