using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Requests;

/// <summary>What a person reads who asks about their data in the product, and what the customer's contacts receive.</summary>
internal sealed record ReferralTexts(
    string Title, string Intro, string CompanyLabel, string KindLabel, string EmailLabel, string MessageLabel, string FindButton,
    string Found, string AskThem, string ConsentLabel, string ForwardButton, string NotFound, string Forwarded, string NoContact,
    string CompanyRequired, string EmailInvalid, string ConsentRequired, string MessageTooLong,
    string ReferredSubject, string ReferredBody, IReadOnlyDictionary<ForwardedKind, string> Kinds) : ITexts;
