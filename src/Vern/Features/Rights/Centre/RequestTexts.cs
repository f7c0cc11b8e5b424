using Vern.Infrastructure.Texts;
namespace Vern.Features.Rights.Centre;

/// <summary>
/// The request pages' fixed texts, and the form's errors (shown on the page and in the API's answer).
/// TypeInvalid and LanguageInvalid: {0} the accepted values; DetailsTooLong: {0} the limit.
/// </summary>
internal sealed record RequestTexts(
    string Title, string Intro, string TypeLabel, string EmailLabel, string DetailsLabel, string DetailsHint, string Submit,
    string Sent, string VerifyTitle, string VerifyIntro, string Confirm, string Verified, string Invalid, string Complaint,
    string IncludeBrowserLabel, string IncludeBrowserHint, string ComplaintLink,
    string TypeInvalid, string EmailInvalid, string DetailsTooLong, string LanguageInvalid,
    IReadOnlyDictionary<string, string> Types) : ITexts;
