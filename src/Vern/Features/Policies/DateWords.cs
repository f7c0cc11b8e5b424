using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>How <see cref="Dates"/> writes a date in a language: "1 February 2025", "1. februar 2025".</summary>
internal sealed class DateWords : ITexts
{
    /// <summary>A .NET date pattern, such as <c>d MMMM yyyy</c>.</summary>
    public required string Format { get; init; }
    /// <summary>The culture whose month names the pattern uses, such as <c>en-GB</c>.</summary>
    public required string Culture { get; init; }
}
