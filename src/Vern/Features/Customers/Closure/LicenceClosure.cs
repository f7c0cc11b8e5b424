using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.Closure;

/// <summary>Where the return and deletion of an ended licence's data stands.</summary>
internal enum ClosureStage
{
    /// <summary>The customer's export is offered until the return period ends.</summary>
    ExportOffered,
    /// <summary>The return period is over, or the customer asked for deletion sooner: the product is to delete the data.</summary>
    Deleting,
    /// <summary>The product confirmed the deletion and the certificate was issued.</summary>
    Deleted,
}

/// <summary>
/// The end of a customer's licence, carried out under its data processing agreement: the customer's export offered for
/// <c>returnDays</c>, then the product told to delete the customer's data, its confirmation collected within
/// <c>deletionDays</c>, and a signed deletion certificate issued to the customer's contacts. Attempts that fail are retried;
/// one still failing as the deadline nears is put before the privacy officers.
/// </summary>
internal sealed class LicenceClosure
{
    private const string Why = "the customer's end users' data, exported by the product for the customer to take back under its agreement; dropped when the data is deleted";

    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    [NotPersonal] public DateOnly LicenceEnd { get; set; }
    /// <summary>The last day the export is offered (<c>returnDays</c> after the licence ended).</summary>
    [NotPersonal] public DateOnly ExportUntil { get; set; }
    /// <summary>The day by which the data must be deleted (<c>deletionDays</c> after the return period).</summary>
    [NotPersonal] public DateOnly DeleteBy { get; set; }
    [NotPersonal] public ClosureStage Stage { get; set; }
    /// <summary>The product's export of the customer's data, sealed with Vern's key; null until the product gives it, and once deleted.</summary>
    [Personal("product-usage", NoSource = Why)] public byte[]? Export { get; set; }
    [NotPersonal] public DateTime? ExportedAt { get; set; }
    /// <summary>When a contact of the customer asked for deletion before the return period ended.</summary>
    [NotPersonal] public DateTime? DeletionAskedAt { get; set; }
    [NotPersonal] public int Attempts { get; set; }
    [NotPersonal] public DateTime? LastAttemptAt { get; set; }
    /// <summary>Why the last attempt failed, or what the product said it deleted.</summary>
    [NotPersonal] public string? Note { get; set; }
    /// <summary>When the privacy officers were told that the deletion keeps failing.</summary>
    [NotPersonal] public DateTime? EscalatedAt { get; set; }
    [NotPersonal] public DateTime? DeletedAt { get; set; }
    /// <summary>The signed deletion certificate (compact JWS); it names the customer and what was deleted, no person.</summary>
    [NotPersonal] public string? Certificate { get; set; }
    [NotPersonal] public DateTime CreatedAt { get; set; }
}

internal sealed class LicenceClosureConfiguration : IEntityTypeConfiguration<LicenceClosure>
{
    public void Configure(EntityTypeBuilder<LicenceClosure> builder)
    {
        builder.HasIndex(c => c.CustomerId).IsUnique();
        builder.Property(c => c.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Note).HasMaxLength(600);
        builder.Property(c => c.Certificate).HasMaxLength(8000);
    }
}
