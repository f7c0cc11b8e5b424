using System.Text.Json.Serialization;

namespace Vern.Features.Rights;

/// <summary>Where a request stands, from intake to answer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RightsRequestStatus>))]
internal enum RightsRequestStatus
{
    [JsonStringEnumMemberName("awaiting-verification")] AwaitingVerification,
    [JsonStringEnumMemberName("verified")] Verified,

    /// <summary>Verified, but nothing was found under the address; the person was told how to offer another identifier. Closed.</summary>
    [JsonStringEnumMemberName("unidentified")] Unidentified,

    /// <summary>Waiting for staff: a review of an access package, a rectification, a refused connector.</summary>
    [JsonStringEnumMemberName("in-progress")] InProgress,

    /// <summary>
    /// An access or portability package is built and stored, but its link waits for a privacy
    /// officer's approval (<c>Rights:ReviewAccess</c>). Open: the month still runs.
    /// </summary>
    [JsonStringEnumMemberName("awaiting-review")] AwaitingReview,

    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("refused")] Refused,

    /// <summary>Never verified within the configured time.</summary>
    [JsonStringEnumMemberName("expired")] Expired,
}

internal static class RightsRequestStatusRules
{
    extension(RightsRequestStatus)
    {
        /// <summary>Whether the request still owes the person an answer.</summary>
        public static bool IsOpen(RightsRequestStatus status) =>
            status is not (RightsRequestStatus.Completed or RightsRequestStatus.Refused or RightsRequestStatus.Expired or RightsRequestStatus.Unidentified);
    }
}
