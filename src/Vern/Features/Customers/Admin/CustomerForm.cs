using System.Globalization;

namespace Vern.Features.Customers.Admin;

/// <summary>The customer form's fields as the browser posts them, shared by the new-customer and the customer pages.</summary>
internal sealed class CustomerForm
{
    public string? Organisation { get; set; }
    public string? Country { get; set; }
    public string? LicenceStart { get; set; }
    public string? LicenceEnd { get; set; }
    public List<string> Activities { get; set; } = [];
    public string? AllowedRegions { get; set; }
    public string? Retention { get; set; }
    public string? Instructions { get; set; }

    public CustomerInput ToInput() => new(Organisation, Country, LicenceStart, LicenceEnd, Activities, AllowedRegions, Retention, Instructions);

    public static CustomerForm From(Customer c) => new()
    {
        Organisation = c.Organisation,
        Country = c.Country,
        LicenceStart = c.LicenceStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        LicenceEnd = c.LicenceEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Activities = c.Activities,
        AllowedRegions = string.Join(", ", c.AllowedRegions),
        Retention = c.Retention,
        Instructions = c.Instructions,
    };
}

/// <summary>What the customer form partial shows: the values, the problems per field and the definition's processor activities.</summary>
internal sealed record CustomerFormView(CustomerForm Form, IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<(string Id, string Name)> Activities);
