namespace Vern.Features.Disclosures;

/// <summary>A disclosure as the privacy officer records it; the people are given by their e-mail addresses and stored by subject id.</summary>
internal sealed record DisclosureInput(
    string? RecipientId, string? Statute, string? OrderReference, DateOnly? DisclosedOn, string? DocumentReference,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Emails, bool Gagged, DateOnly? GagReviewOn, string? GagReason);
