using System.Text.Json.Serialization;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// A source that can stop processing it does for the company: under a restriction (Art. 18) or after
/// an objection to direct marketing (Art. 21(3)). External systems process on their own (HubSpot sends
/// workflow e-mails, the customer's systems run campaigns), so a flag in Vern alone would not stop them.
/// </summary>
internal interface ILimitable
{
    Task<SourceLimit> LimitAsync(DataSubject subject, ProcessingLimit limit, CancellationToken ct);
}

internal enum ProcessingLimit
{
    /// <summary>Art. 18: nothing but storage, unless the person consents or a legal claim needs it.</summary>
    Restriction,

    /// <summary>Art. 21(3): no direct marketing, absolute and at once.</summary>
    MarketingObjection,

    /// <summary>Art. 18(3): the restriction ends, after the person was told.</summary>
    RestrictionLifted,
}

/// <summary>What one source did with a restriction or objection.</summary>
/// <param name="Outcome">What the source did.</param>
/// <param name="Detail">What was done or why not, in words for the person; never personal data.</param>
internal sealed record SourceLimit(string Source, LimitOutcome Outcome, string Detail);

[JsonConverter(typeof(JsonStringEnumConverter<LimitOutcome>))]
internal enum LimitOutcome
{
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("nothing-held")] NothingHeld,
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The system has no way to apply this limit; staff tell the recipient instead (Art. 19).</summary>
    [JsonStringEnumMemberName("unsupported")] Unsupported,
}
