using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

internal enum PolicyStatus { Draft, Published }

/// <summary>
/// One version of the privacy policy in one language: Markdown with the front matter static-site
/// generators write. A published version is never changed again (<see cref="Data.AppDb"/> refuses it).
/// </summary>
internal sealed class PolicyVersion
{
    [NotPersonal] public int Id { get; set; }
    /// <summary>Counts the versions of one language: 1, 2, 3…</summary>
    [NotPersonal] public int Number { get; set; }
    [NotPersonal] public string Language { get; set; } = Languages.Default;
    [NotPersonal] public string Title { get; set; } = "";
    [NotPersonal] public string? Description { get; set; }
    /// <summary>Where the document lived on the website it was imported from (front matter <c>url</c>).</summary>
    [NotPersonal] public string? SourceUrl { get; set; }
    [NotPersonal] public string Markdown { get; set; } = "";
    [NotPersonal] public PolicyStatus Status { get; set; }
    [NotPersonal] public DateOnly? EffectiveDate { get; set; }
    [NotPersonal] public DateTime? PublishedAt { get; set; }
    /// <summary>A significant change is announced to the people affected.</summary>
    [NotPersonal] public bool Significant { get; set; }
    [NotPersonal] public string? ChangeSummary { get; set; }
    /// <summary>Why a significant change takes effect sooner than the notice period (<c>Notices:Days</c>) after it was published.</summary>
    [NotPersonal] public string? ShortNoticeReason { get; set; }
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public string CreatedBy { get; set; } = "";
    [NotPersonal] public string? PublishedBy { get; set; }
}

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public void Configure(EntityTypeBuilder<PolicyVersion> builder)
    {
        builder.HasIndex(v => new { v.Language, v.Number }).IsUnique();
        builder.Property(v => v.Language).HasMaxLength(8);
        builder.Property(v => v.Title).HasMaxLength(200);
        builder.Property(v => v.Description).HasMaxLength(500);
        builder.Property(v => v.SourceUrl).HasMaxLength(500);
        builder.Property(v => v.ChangeSummary).HasMaxLength(PublishPolicy.MaxText);
        builder.Property(v => v.ShortNoticeReason).HasMaxLength(PublishPolicy.MaxText);
        builder.Property(v => v.CreatedBy).HasMaxLength(256);
        builder.Property(v => v.PublishedBy).HasMaxLength(256);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
    }
}
