using Vern.Infrastructure.Texts;
namespace Vern.Features.Consent;

/// <summary>
/// The banner's fixed wording in each language. Category names and descriptions come from the
/// privacy model; these are the buttons and sentences around them.
/// </summary>
internal sealed record BannerTexts(
    string Title,
    string Description,
    string AcceptAll,
    string RejectAll,
    string Customise,
    string Save,
    string Settings,
    string GpcNotice,
    string AlwaysOn,
    string Cookies,
    string Policy,
    string Error) : ITexts;
