using System.Text.Json.Serialization;
using Vern.Features.Subjects;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// A source that can correct what it holds (Art. 16). Separate from <see cref="IPersonalDataSource"/>
/// because not every source keeps fields a person could correct (analytics events, for one); the
/// Rights feature asks only the sources that implement it and tells the person which did.
/// </summary>
internal interface IRectifiable
{
    /// <summary>Replaces the fields of <paramref name="corrected"/> that are not null; the others are left alone.</summary>
    Task<SourceRectification> RectifyAsync(DataSubject subject, PersonalDetails corrected, CancellationToken ct);
}

/// <summary>What one source did with a rectification.</summary>
/// <param name="Outcome">What the source did.</param>
/// <param name="Detail">What was corrected or why not, in words for the person; never personal data.</param>
internal sealed record SourceRectification(string Source, RectificationOutcome Outcome, string Detail);

[JsonConverter(typeof(JsonStringEnumConverter<RectificationOutcome>))]
internal enum RectificationOutcome
{
    [JsonStringEnumMemberName("rectified")] Rectified,
    [JsonStringEnumMemberName("nothing-held")] NothingHeld,
    [JsonStringEnumMemberName("failed")] Failed,
}
