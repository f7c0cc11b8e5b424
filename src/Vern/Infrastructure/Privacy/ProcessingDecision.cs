using System.Text.Json.Serialization;

namespace Vern.Infrastructure.Privacy;

/// <summary>The <see cref="ProcessingGate"/>'s answer: allowed, or refused for one named reason.</summary>
internal readonly record struct ProcessingDecision
{
    private ProcessingDecision(ProcessingRefusal? refusal) => Refusal = refusal;

    public static ProcessingDecision Allow { get; } = new(null);

    public static ProcessingDecision Refuse(ProcessingRefusal reason) => new(reason);

    /// <summary>Why not; null when allowed.</summary>
    public ProcessingRefusal? Refusal { get; }

    public bool Allowed => Refusal is null;
}

/// <summary>Why the gate refused. The spellings are written to the audit trail and never change.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProcessingRefusal>))]
internal enum ProcessingRefusal
{
    /// <summary>The definition in force has no such purpose (any more).</summary>
    [JsonStringEnumMemberName("purpose-not-defined")] PurposeNotDefined,

    /// <summary>The person was erased: their data key is gone.</summary>
    [JsonStringEnumMemberName("erased")] Erased,

    /// <summary>A verified erasure request is being carried out.</summary>
    [JsonStringEnumMemberName("erasure-pending")] ErasurePending,

    /// <summary>Art. 21(3): the person objected, and the purpose is direct marketing. Absolute.</summary>
    [JsonStringEnumMemberName("objected-to-direct-marketing")] ObjectedToDirectMarketing,

    /// <summary>Art. 21(1): the person objected to processing on legitimate interests, and no compelling grounds were recorded.</summary>
    [JsonStringEnumMemberName("objected")] Objected,

    /// <summary>Art. 18: nothing but storage.</summary>
    [JsonStringEnumMemberName("restricted")] Restricted,

    /// <summary>The purpose rests on consent, and none of the person's browsers ever gave it.</summary>
    [JsonStringEnumMemberName("no-consent")] NoConsent,

    /// <summary>The person gave the consent and then took it back (or refused it on a later visit).</summary>
    [JsonStringEnumMemberName("consent-withdrawn")] ConsentWithdrawn,

    /// <summary>The consent is older than the banner lets it stand; the banner asks again.</summary>
    [JsonStringEnumMemberName("consent-expired")] ConsentExpired,

    /// <summary>A block for suspected fraud holds the person: only the fraud purpose itself and their rights go on.</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,
}
