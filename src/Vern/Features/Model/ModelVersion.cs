using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Model;

/// <summary>One accepted version of the definition. Versions are never changed, only added.</summary>
internal sealed class ModelVersion
{
    [NotPersonal] public int Id { get; set; }
    [NotPersonal] public int Number { get; set; }
    /// <summary>The definition as written: the company's processing, not anyone's personal data.</summary>
    [NotPersonal] public string Yaml { get; set; } = "";
    [NotPersonal] public string Sha256 { get; set; } = "";
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public string Author { get; set; } = "";
    [NotPersonal] public string? Comment { get; set; }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.HasIndex(v => v.Number).IsUnique();
        builder.Property(v => v.Sha256).HasMaxLength(64);
        builder.Property(v => v.Author).HasMaxLength(256);
        builder.Property(v => v.Comment).HasMaxLength(500);
    }
}
