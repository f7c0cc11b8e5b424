using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Connectors;

// What each connector tells the person in their access package and in the message that closes their
// request. A failure's own wording is for staff (ConnectorHttp): the person reads CompletionTexts' general line.

/// <summary>The HubSpot connector's titles and outcomes.</summary>
internal sealed record HubSpotTexts(
    string Title, string Origin, string NoAddress, string Erased, string NoContact, string NothingToCorrect, string Corrected,
    string CannotRestrict, string CannotLift, string Unsubscribed) : ITexts;

/// <summary>The Google Analytics connector's titles and outcomes. ErasedMany: {0} the number of visitor ids.</summary>
internal sealed record GoogleAnalyticsTexts(string Title, string Origin, string NoVisitorId, string ErasedOne, string ErasedMany) : ITexts;

/// <summary>A webhook system's title and origin when it does not give its own. {0} the system's name.</summary>
internal sealed record WebhookTexts(string Title, string Origin) : ITexts;
