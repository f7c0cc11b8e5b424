using System.Text.Json.Serialization;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights;

/// <summary>
/// Where one source (or a recipient to tell) stands on a request (<see cref="RequestSourceResult"/>), and
/// what the completion e-mail reports of it (<see cref="Outcome"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceStatus>))]
internal enum SourceStatus
{
    /// <summary>Due another attempt.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("done")] Done,

    /// <summary>Reported to the person for an erasure; recorded on the case as <see cref="Done"/>.</summary>
    [JsonStringEnumMemberName("erased")] Erased,

    /// <summary>Kept under a legal hold.</summary>
    [JsonStringEnumMemberName("kept")] Kept,
    [JsonStringEnumMemberName("nothing-held")] NothingHeld,
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The system cannot apply a restriction or objection itself; staff tell the recipient.</summary>
    [JsonStringEnumMemberName("unsupported")] Unsupported,

    /// <summary>A recipient staff still have to tell (Art. 19).</summary>
    [JsonStringEnumMemberName("notify")] Notify,
}

/// <summary>What each source contract's outcome reports, as a <see cref="SourceStatus"/>.</summary>
internal static class SourceStatuses
{
    public static SourceStatus ToStatus(this ErasureOutcome outcome) => outcome switch
    {
        ErasureOutcome.Erased => SourceStatus.Erased,
        ErasureOutcome.Kept => SourceStatus.Kept,
        ErasureOutcome.NothingHeld => SourceStatus.NothingHeld,
        ErasureOutcome.Failed => SourceStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static SourceStatus ToStatus(this LimitOutcome outcome) => outcome switch
    {
        LimitOutcome.Done => SourceStatus.Done,
        LimitOutcome.NothingHeld => SourceStatus.NothingHeld,
        LimitOutcome.Unsupported => SourceStatus.Unsupported,
        LimitOutcome.Failed => SourceStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
