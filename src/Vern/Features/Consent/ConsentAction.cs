using System.Text.Json.Serialization;

namespace Vern.Features.Consent;

/// <summary>What a visitor did in the banner (or Vern did for them), as the API takes it and the ledger records it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsentAction>))]
internal enum ConsentAction
{
    [JsonStringEnumMemberName("accept_all")] AcceptAll,
    [JsonStringEnumMemberName("reject_all")] RejectAll,
    [JsonStringEnumMemberName("custom")] Custom,
    [JsonStringEnumMemberName("withdraw")] Withdraw,

    /// <summary>A Global Privacy Control signal, recorded as a refusal.</summary>
    [JsonStringEnumMemberName("gpc")] Gpc,

    /// <summary>Consent given by double opt-in: asked for in a form and confirmed from a link e-mailed to the person.</summary>
    [JsonStringEnumMemberName("confirm")] Confirm,
}
