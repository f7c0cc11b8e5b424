using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>
/// Countries by their ISO 3166 code, as <see cref="CountryNames"/> writes them. A code missing here gets
/// its English name from ICU; .NET offers localized names only through the thread's UI culture, not per call.
/// </summary>
internal sealed class CountryWords : ITexts
{
    /// <summary>Names keyed by the upper-case code.</summary>
    public required IReadOnlyDictionary<string, string> Names { get; init; }
}
