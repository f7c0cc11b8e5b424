using Vern.Features.Policies;

namespace Vern.Features.Ropa;

/// <summary>
/// The wording the CSV and the printable page share, so a regulator reads the same sentence in both.
/// </summary>
internal static class RopaText
{
    public static string Controller(Party p) => $"{p.Name} (organisation number {p.OrganisationNumber})";

    public static string Contact(Party p) => string.Join("; ", new[] { p.Address, p.Email, p.Phone, p.Website }.Where(s => !string.IsNullOrWhiteSpace(s)));

    public static string Recipient(RecipientEntry r) => $"{r.Name} ({r.Country}, {r.Role})";

    public static string Transfer(TransferEntry t)
    {
        var safeguard = t.Mechanism switch
        {
            "adequacy-decision" => "adequacy decision",
            "data-privacy-framework" => "EU–US Data Privacy Framework",
            "standard-contractual-clauses" => "standard contractual clauses (2021)"
                + (t.SccModule is null ? "" : $", module {t.SccModule}")
                + (t.AssessmentDate is { } d ? $", transfer impact assessment of {d:yyyy-MM-dd}" : ""),
            _ => t.Mechanism,
        };
        return $"{t.Recipient} ({t.Country}): {safeguard}";
    }

    public static string NoTransfers => "None: every recipient is in the EU/EEA";

    public static string Customer(CustomerEntry c) =>
        $"{c.Organisation} ({c.Country}, {c.State}, licence {c.LicenceStart:yyyy-MM-dd} to {(c.LicenceEnd is { } end ? end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "no end agreed")})";

    public static string Contacts(CustomerEntry c) =>
        c.Contacts is null ? "withheld here: personal data, named in the privacy officer's copy"
        : c.Contacts.Count == 0 ? "none on record"
        : string.Join("; ", c.Contacts);

    public static string Instructions(CustomerEntry c) => string.Join("; ", new[]
    {
        c.AllowedRegions.Count == 0 ? null : "data only in " + string.Join(", ", c.AllowedRegions),
        c.Retention is null ? null : "kept " + Duration(c.Retention),
        c.Instructions,
    }.OfType<string>()) is { Length: > 0 } said ? said : "none beyond the agreement";

    public static string Retention(RetentionEntry r) =>
        $"{Duration(r.Period)} after {Event(r.StartsAt)}, then {(r.Action == "anonymise" ? "anonymised" : "deleted")}";

    public static string LegalHold(LegalHoldEntry h) => $"{h.Law}: kept for {Duration(h.Period)}";

    public static string KeepLonger(KeepLongerEntry k) => $"up to {Duration(k.Period)} longer with the person's separate consent, withdrawable: {k.Purpose}";

    public static string LegalBasis(LegalBasisEntry b) => $"{b.Label} ({b.Article})";

    public static string Balancing(BalancingEntry b) => $"Interest: {b.Interest} Necessity: {b.Necessity} Balancing: {b.Balancing}";

    /// <summary>An event key of the model, such as <c>end-of-licence</c>, in words.</summary>
    public static string Event(string key) => key.Replace('-', ' ');

    /// <summary>An ISO 8601 period (<c>P13M</c>, <c>PT30M</c>) in words, as the privacy policy says it; anything else as written.</summary>
    public static string Duration(string iso) => Durations.ToWords(iso, RopaBuilder.Language);
}
