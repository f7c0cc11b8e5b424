using System.Text.Json.Serialization;

namespace Vern.Features.Rights;

/// <summary>What a message about a request told the person (<see cref="RequestMessage"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestMessageKind>))]
internal enum RequestMessageKind
{
    [JsonStringEnumMemberName("verification")] Verification,
    [JsonStringEnumMemberName("unidentified")] Unidentified,
    [JsonStringEnumMemberName("extension")] Extension,
    [JsonStringEnumMemberName("refusal")] Refusal,
    [JsonStringEnumMemberName("expiry")] Expiry,
    [JsonStringEnumMemberName("completion")] Completion,
    [JsonStringEnumMemberName("restriction-lifted")] RestrictionLifted,
}
