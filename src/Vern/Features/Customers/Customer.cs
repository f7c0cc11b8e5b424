using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Data;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers;

/// <summary>Where a customer's licence stands, and so what Vern owes its data as processor.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CustomerState>))]
internal enum CustomerState
{
    /// <summary>Licensed with no end date set.</summary>
    [JsonStringEnumMemberName("active")] Active,
    /// <summary>Licensed, with an end date still to come.</summary>
    [JsonStringEnumMemberName("ending")] Ending,
    /// <summary>The licence has ended; the customer's data is still to be returned and deleted.</summary>
    [JsonStringEnumMemberName("ended")] Ended,
    /// <summary>The customer's data has been deleted.</summary>
    [JsonStringEnumMemberName("deleted")] Deleted,
}

/// <summary>
/// A business customer for whom the company processes data as a processor (GDPR Art. 28), under a data processing
/// agreement: the organisation, its licence, the definition's processor activities it uses and its own instructions
/// within what the definition allows. Its privacy contacts are people in the vault (<see cref="CustomerContact"/>).
/// </summary>
internal sealed class Customer
{
    [NotPersonal] public Guid Id { get; set; }
    /// <summary>The organisation's name: a business, not a person.</summary>
    [NotPersonal] public string Organisation { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2.</summary>
    [NotPersonal] public string Country { get; set; } = "";
    [NotPersonal] public DateOnly LicenceStart { get; set; }
    [NotPersonal] public DateOnly? LicenceEnd { get; set; }
    /// <summary>Ids of the definition's processor activities carried out for the customer.</summary>
    [NotPersonal] public List<string> Activities { get; set; } = [];
    /// <summary>Where the customer allows its data to be processed: "EEA" or country codes; empty for wherever the definition says.</summary>
    [NotPersonal] public List<string> AllowedRegions { get; set; } = [];
    /// <summary>How long the customer wants its data kept while licensed (ISO 8601 period), if it says.</summary>
    [NotPersonal] public string? Retention { get; set; }
    /// <summary>Other documented instructions from the customer.</summary>
    [NotPersonal] public string? Instructions { get; set; }
    [NotPersonal] public DateTime CreatedAt { get; set; }
    [NotPersonal] public DateTime UpdatedAt { get; set; }
    /// <summary>When the customer's data was deleted after the licence ended; set by the end-of-licence deletion.</summary>
    [NotPersonal] public DateTime? DataDeletedAt { get; set; }

    /// <summary>The region that stands for every EU/EEA country in <see cref="AllowedRegions"/>.</summary>
    public const string Eea = "EEA";

    /// <summary>Whether the customer's instructions allow its data in <paramref name="country"/>.</summary>
    public bool Allows(string country) => AllowedRegions.Count == 0 || Allows(AllowedRegions, country);

    public static bool Allows(IEnumerable<string> regions, string country) =>
        regions.Any(region => region == country || (region == Eea && Features.Model.Countries.IsEea(country)));

    public CustomerState StateOn(DateOnly today) =>
        DataDeletedAt is not null ? CustomerState.Deleted
        : LicenceEnd is not { } end ? CustomerState.Active
        : end > today ? CustomerState.Ending
        : CustomerState.Ended;
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Organisation).HasMaxLength(CustomerInput.MaxOrganisation);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.Property(c => c.Activities).HasJsonListConversion();
        builder.Property(c => c.AllowedRegions).HasJsonListConversion();
        builder.Property(c => c.Retention).HasMaxLength(32);
        builder.Property(c => c.Instructions).HasMaxLength(CustomerInput.MaxInstructions);
        builder.HasIndex(c => c.Organisation);
    }
}
