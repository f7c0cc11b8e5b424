using System.Globalization;

namespace Vern.Features.Consent.Verification;

/// <summary>
/// Whether a full receipt's consent fields say what its signed leaf says. The leaf is the evidence; the consent
/// is what a reader reads, so any field of it that the leaf also holds must agree with the leaf.
/// </summary>
internal static class ConsentAgreement
{
    /// <summary>The name of the first consent member that disagrees with <paramref name="leaf"/>, or null when all agree.</summary>
    public static string? FirstDisagreement(ReceiptConsent consent, ReceiptLeaf leaf)
    {
        if (consent.ConsentReceiptId != leaf.Id)
            return "consentReceiptID";
        // Kantara's timestamp is in whole seconds; the leaf's time is exact.
        if (!DateTimeOffset.TryParse(leaf.RecordedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var recordedAt)
            || consent.ConsentTimestamp != recordedAt.ToUnixTimeSeconds())
            return "consentTimestamp";
        if (!SameIds(consent.CategoriesGranted, leaf.Categories, granted: true))
            return "categoriesGranted";
        if (!SameIds(consent.CategoriesRefused, leaf.Categories, granted: false))
            return "categoriesRefused";
        // A receipt lists every service of the definition; one the visitor was not asked about is not consented.
        if (consent.Services.Any(s => s.Consented != leaf.Services.GetValueOrDefault(s.ServiceId))
            || leaf.Services.Any(s => s.Value && consent.Services.All(c => c.ServiceId != s.Key)))
            return "services";
        if (consent.TextHash != leaf.TextHash)
            return "textHash";
        if (consent.PolicyVersion != leaf.PolicyVersion)
            return "policyVersion";
        if (consent.PiiPrincipalId != leaf.Principal)
            return "piiPrincipalId";
        if (consent.Action is not null && consent.Action != leaf.Action)
            return "action";
        if (consent.Gpc is not null && consent.Gpc != leaf.Gpc)
            return "gpc";
        if (consent.Revision is not null && consent.Revision != leaf.Revision)
            return "revision";
        if (consent.Language is not null && consent.Language != leaf.Language)
            return "language";
        if (consent.RecordHash is not null && consent.RecordHash != leaf.RecordHash)
            return "recordHash";
        return null;
    }

    private static bool SameIds(IReadOnlyList<string> listed, Dictionary<string, bool> answers, bool granted) =>
        listed.Order(StringComparer.Ordinal).SequenceEqual(answers.Where(a => a.Value == granted).Select(a => a.Key).Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
