using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.Requests;

/// <summary>
/// A key a customer's contact issues so that the customer's own systems forward requests through the API. Only its
/// SHA-256 is stored (the key is 256 random bits, shown once); it acts for its customer alone and in the name of the
/// contact who issued it, and stops working when revoked or when that person is no longer a contact of the customer.
/// </summary>
internal sealed class CustomerApiKey
{
    public const string Scheme = "vck_";

    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    /// <summary>The contact who issued it, to whom answers to requests forwarded with it go.</summary>
    [NotPersonal] public Guid IssuedBy { get; set; }
    /// <summary>What the customer calls it, such as the system that uses it.</summary>
    [NotPersonal] public string Name { get; set; } = "";
    /// <summary>The key's first characters, to tell keys apart.</summary>
    [NotPersonal] public string Prefix { get; set; } = "";
    [NotPersonal] public byte[] Hash { get; set; } = [];
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public DateTime? LastUsedAt { get; set; }
    [NotPersonal] public DateTime? RevokedAt { get; set; }
}

internal sealed class CustomerApiKeyConfiguration : IEntityTypeConfiguration<CustomerApiKey>
{
    public void Configure(EntityTypeBuilder<CustomerApiKey> builder)
    {
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.CustomerId);
        builder.Property(k => k.Name).HasMaxLength(CustomerApiKeys.MaxName);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(32);
    }
}
