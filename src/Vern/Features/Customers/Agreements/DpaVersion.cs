using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Features.Policies;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Agreements;

/// <summary>
/// One version of the data processing agreement: Markdown with the policies' <c>{{vern:…}}</c> sections. Publishing
/// renders it once and keeps that HTML and its SHA-256, so what a customer accepts stays exactly what it was shown even
/// when the definition changes later. A published version is never changed again (<see cref="Data.AppDb"/> refuses it).
/// </summary>
internal sealed class DpaVersion
{
    [NotPersonal] public int Id { get; set; }
    /// <summary>1, 2, 3…: the version customers accept.</summary>
    [NotPersonal] public int Number { get; set; }
    [NotPersonal] public string Language { get; set; } = Languages.Default;
    [NotPersonal] public string Title { get; set; } = "";
    [NotPersonal] public string Markdown { get; set; } = "";
    [NotPersonal] public PolicyStatus Status { get; set; }
    /// <summary>The text as published, with the definition's sections as they were then.</summary>
    [NotPersonal] public string? Html { get; set; }
    /// <summary>SHA-256 of <see cref="Html"/> in UTF-8: what every acceptance of this version names.</summary>
    [NotPersonal] public byte[]? TextHash { get; set; }
    [NotPersonal] public string? ChangeSummary { get; set; }
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public string CreatedBy { get; set; } = "";
    [NotPersonal] public DateTime? PublishedAt { get; set; }
    [NotPersonal] public string? PublishedBy { get; set; }
}

internal sealed class DpaVersionConfiguration : IEntityTypeConfiguration<DpaVersion>
{
    public void Configure(EntityTypeBuilder<DpaVersion> builder)
    {
        builder.HasIndex(v => v.Number).IsUnique();
        builder.Property(v => v.Language).HasMaxLength(8);
        builder.Property(v => v.Title).HasMaxLength(200);
        builder.Property(v => v.TextHash).HasMaxLength(32);
        builder.Property(v => v.ChangeSummary).HasMaxLength(PublishPolicy.MaxText);
        builder.Property(v => v.CreatedBy).HasMaxLength(256);
        builder.Property(v => v.PublishedBy).HasMaxLength(256);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
    }
}
