using System.Text.Json.Serialization;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// When a retention rule's clock starts (the rule's <c>startsAt</c> in the definition). Vern carries out a
/// rule only when a feature's <see cref="IRetentionSource"/> knows its moment; any other moment must be
/// carried out by the system the rule names, or the definition is refused.
/// </summary>
internal enum RetentionTrigger
{
    /// <summary>The record was collected.</summary>
    [JsonStringEnumMemberName("collection")] Collection,

    /// <summary>The person's last contact with the company.</summary>
    [JsonStringEnumMemberName("last-activity")] LastActivity,

    /// <summary>The consent the record documents was withdrawn or expired.</summary>
    [JsonStringEnumMemberName("consent-withdrawn-or-expired")] ConsentEnded,

    /// <summary>The person unsubscribed from the company's marketing.</summary>
    [JsonStringEnumMemberName("unsubscribed")] Unsubscribed,

    /// <summary>The customer's licence ended.</summary>
    [JsonStringEnumMemberName("end-of-licence")] EndOfLicence,

    /// <summary>The financial year the record belongs to ended.</summary>
    [JsonStringEnumMemberName("end-of-financial-year")] EndOfFinancialYear,
}
