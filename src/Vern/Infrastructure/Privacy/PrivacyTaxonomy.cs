using Microsoft.Extensions.Compliance.Classification;

namespace Vern.Infrastructure.Privacy;

/// <summary>Data classifications used to keep personal data out of logs and telemetry.</summary>
internal static class PrivacyTaxonomy
{
    public static string Name => "Vern";

    public static DataClassification PersonalData => new(Name, nameof(PersonalData));
}

/// <summary>Marks a logging parameter as personal data: the redactor erases it before any sink.</summary>
internal sealed class PrivateDataAttribute : DataClassificationAttribute
{
    public PrivateDataAttribute() : base(PrivacyTaxonomy.PersonalData) { }
}
