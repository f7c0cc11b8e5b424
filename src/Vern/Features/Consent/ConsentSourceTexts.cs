using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// What the consent ledger's part of an access package, an erasure and a restriction or objection says.
/// Kept: {0} the number of records; WithdrawnFirst goes before it and ends with a space. NoConsentFound,
/// NoConsentInForce and ConsentWithdrawn ({0} the number of browsers) answer a withdraw-consent request.
/// </summary>
internal sealed record ConsentSourceTexts(
    string Title, string Origin, string NothingHeld, string WithdrawnFirst, string Kept,
    string Restricted, string RestrictionLifted, string NoMarketingConsent, string MarketingWithdrawn,
    string NoConsentFound, string NoConsentInForce, string ConsentWithdrawn) : ITexts;
