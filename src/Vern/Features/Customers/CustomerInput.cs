namespace Vern.Features.Customers;

/// <summary>A customer as the console's form sends it: dates as yyyy-MM-dd, regions as "EEA" or country codes separated by commas.</summary>
internal sealed record CustomerInput(
    string? Organisation, string? Country, string? LicenceStart, string? LicenceEnd, IReadOnlyList<string>? Activities,
    string? AllowedRegions, string? Retention, string? Instructions)
{
    public const int MaxOrganisation = 200;
    public const int MaxInstructions = 4000;
}

/// <summary>A customer's privacy contact as the form sends it.</summary>
internal sealed record ContactInput(string? Name, string? Email, string? Title)
{
    public const int MaxName = 200;
    public const int MaxTitle = 200;
}
