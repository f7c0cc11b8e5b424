using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter;

/// <summary>What the newsletter's part of an access package, an erasure, a withdrawal and a restriction or objection says.</summary>
internal sealed record NewsletterSourceTexts(
    string Title, string Origin, string NothingHeld, string Erased, string Unsubscribed, string NotSubscribed,
    string Restricted, string RestrictionLifted) : ITexts;
