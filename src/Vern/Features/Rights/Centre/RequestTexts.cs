using Vern.Infrastructure.Texts;
namespace Vern.Features.Rights.Centre;

/// <summary>The request pages' fixed texts in English and Norwegian bokmål.</summary>
internal sealed record RequestTexts(
    string Title, string Intro, string TypeLabel, string EmailLabel, string DetailsLabel, string DetailsHint, string Submit,
    string Sent, string VerifyTitle, string VerifyIntro, string Confirm, string Verified, string Invalid, string Complaint,
    string IncludeBrowserLabel, string IncludeBrowserHint,
    IReadOnlyDictionary<string, string> Types) : ITexts;
