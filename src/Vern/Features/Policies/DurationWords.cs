using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>The words <see cref="Durations"/> writes a duration with: "6 months", "1 year and 6 months", "session".</summary>
internal sealed class DurationWords : ITexts
{
    /// <summary>Each unit in the singular and the plural, keyed by <see cref="IsoPeriods.Unit"/>'s name.</summary>
    public required IReadOnlyDictionary<IsoPeriods.Unit, UnitWords> Units { get; init; }
    /// <summary>The word before the last part of a duration of several units.</summary>
    public required string And { get; init; }
    /// <summary>A cookie that lives until the browser closes.</summary>
    public required string Session { get; init; }
}

/// <summary>A unit of time as one and as many.</summary>
internal sealed record UnitWords(string One, string Many);
