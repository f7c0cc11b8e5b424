using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Disclosures;

/// <summary>
/// One disclosure the company was obliged to make to an authority, a court, a debt collector or an auditor: to whom
/// (a recipient of the definition), on what legal basis (the statute and the order's reference), which categories of
/// data, when, and the document that carried it. Its fields describe the disclosure, not a person: the people whose data
/// was disclosed are linked by subject id (<see cref="DisclosurePerson"/>), never named here.
/// </summary>
internal sealed class Disclosure
{
    [NotPersonal] public Guid Id { get; set; }
    /// <summary>The id of the definition's recipient.</summary>
    [NotPersonal] public string RecipientId { get; set; } = "";
    /// <summary>The recipient's name when the disclosure was recorded, so the record stays true if the definition changes.</summary>
    [NotPersonal] public string RecipientName { get; set; } = "";
    /// <summary>The statute that obliged the disclosure, such as "Skatteforvaltningsloven § 10-2".</summary>
    [NotPersonal] public string Statute { get; set; } = "";
    /// <summary>The reference of the order or request that invoked it.</summary>
    [NotPersonal] public string OrderReference { get; set; } = "";
    /// <summary>The day the data was handed over.</summary>
    [NotPersonal] public DateOnly DisclosedOn { get; set; }
    /// <summary>Where the disclosed document is filed (the archive's reference), if anywhere.</summary>
    [NotPersonal] public string? DocumentReference { get; set; }
    /// <summary>The definition's categories of personal data disclosed.</summary>
    [NotPersonal] public List<string> Categories { get; set; } = [];
    [NotPersonal] public string RecordedBy { get; set; } = "";
    [NotPersonal] public DateTime RecordedAt { get; set; }

    /// <summary>The order forbids telling the people concerned (a restriction under Art. 23): the disclosure is left out of their access packages meanwhile.</summary>
    [NotPersonal] public bool Gagged { get; set; }
    /// <summary>The day the gag is to be reviewed: from then the people see the disclosure unless the officer extends it.</summary>
    [NotPersonal] public DateOnly? GagReviewOn { get; set; }
    /// <summary>Why the people may not be told: the order's words or the provision it rests on; never a person's details.</summary>
    [NotPersonal] public string? GagReason { get; set; }
    /// <summary>The review date the privacy officers were last reminded of; claimed, so each review date is reminded once.</summary>
    [NotPersonal] public DateOnly? GagRemindedFor { get; set; }
    [NotPersonal] public DateTime? GagLiftedAt { get; set; }
    [NotPersonal] public string? GagLiftedBy { get; set; }

    /// <summary>Whether the gag still keeps the disclosure from the people concerned on <paramref name="today"/> (Oslo).</summary>
    public bool WithheldOn(DateOnly today) => Gagged && GagLiftedAt is null && GagReviewOn > today;

    /// <summary>A gag in force whose review date has come: the people now see it, unless the officer extends the gag.</summary>
    public bool ReviewDueOn(DateOnly today) => Gagged && GagLiftedAt is null && GagReviewOn <= today;
}

/// <summary>A person whose data a disclosure included, by their subject id in the vault.</summary>
internal sealed class DisclosurePerson
{
    [NotPersonal] public Guid DisclosureId { get; set; }
    [NotPersonal] public Guid SubjectId { get; set; }
}

internal sealed class DisclosureConfiguration : IEntityTypeConfiguration<Disclosure>
{
    public void Configure(EntityTypeBuilder<Disclosure> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.RecipientId).HasMaxLength(100);
        builder.Property(d => d.RecipientName).HasMaxLength(DisclosureRegister.MaxText);
        builder.Property(d => d.Statute).HasMaxLength(DisclosureRegister.MaxText);
        builder.Property(d => d.OrderReference).HasMaxLength(DisclosureRegister.MaxText);
        builder.Property(d => d.DocumentReference).HasMaxLength(DisclosureRegister.MaxText);
        builder.Property(d => d.RecordedBy).HasMaxLength(256);
        builder.Property(d => d.GagReason).HasMaxLength(DisclosureRegister.MaxReason);
        builder.Property(d => d.GagLiftedBy).HasMaxLength(256);
        builder.HasIndex(d => d.DisclosedOn);
        builder.HasMany<DisclosurePerson>().WithOne().HasForeignKey(p => p.DisclosureId);
    }
}

internal sealed class DisclosurePersonConfiguration : IEntityTypeConfiguration<DisclosurePerson>
{
    public void Configure(EntityTypeBuilder<DisclosurePerson> builder)
    {
        builder.HasKey(p => new { p.DisclosureId, p.SubjectId });
        builder.HasIndex(p => p.SubjectId);
    }
}
