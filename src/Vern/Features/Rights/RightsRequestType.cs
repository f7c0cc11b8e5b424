using System.Text.Json.Serialization;

namespace Vern.Features.Rights;

/// <summary>The right a person uses (GDPR Art. 15–22), spelled as the API takes it and the database stores it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RightsRequestType>))]
internal enum RightsRequestType
{
    [JsonStringEnumMemberName("access")] Access,
    [JsonStringEnumMemberName("rectification")] Rectification,
    [JsonStringEnumMemberName("erasure")] Erasure,
    [JsonStringEnumMemberName("restriction")] Restriction,
    [JsonStringEnumMemberName("objection")] Objection,
    [JsonStringEnumMemberName("portability")] Portability,
    [JsonStringEnumMemberName("withdraw-consent")] WithdrawConsent,
}
