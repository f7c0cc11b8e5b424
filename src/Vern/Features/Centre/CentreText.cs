using Vern.Infrastructure.Texts;
namespace Vern.Features.Centre;

/// <summary>
/// The fixed texts of the public pages, from <c>Texts/{language}/CentreText.json</c>. They speak as
/// "we": the company's name, address and contact come from the definition in force.
/// </summary>
internal sealed class CentreText : ITexts
{

    public required string Language { get; init; }
    public required string LanguageName { get; init; }

    /// <summary>The language's name in English, for the staff console, which is in English.</summary>
    public required string LanguageNameInEnglish { get; init; }
    public required string SkipToContent { get; init; }
    public required string MainNavigation { get; init; }
    public required string Home { get; init; }
    public required string Product { get; init; }
    public required string Contact { get; init; }
    public required string Privacy { get; init; }
    public required string LanguageSwitch { get; init; }
    public required string CentreTitle { get; init; }
    public required string CentreIntro { get; init; }
    public required string Policy { get; init; }
    public required string PolicyHint { get; init; }
    public required string Cookies { get; init; }
    public required string CookiesHint { get; init; }
    public required string Subprocessors { get; init; }
    public required string SubprocessorsHint { get; init; }
    public required string Requests { get; init; }
    public required string RequestsHint { get; init; }
    public required string Contest { get; init; }
    public required string ContestHint { get; init; }
    public required string ProductData { get; init; }
    public required string ProductDataHint { get; init; }
    public required string Preferences { get; init; }
    public required string PreferencesHint { get; init; }
    public required string ContactUs { get; init; }
    public required string WriteTo { get; init; }
    public required string CookiesIntro { get; init; }
    public required string CookieCategories { get; init; }
    public required string ChangeChoice { get; init; }
    public required string ReflectsVersion { get; init; }
    public required string SubprocessorsIntro { get; init; }
    public required string SubprocessorsCaption { get; init; }
    public required string Name { get; init; }
    public required string Address { get; init; }
    public required string Country { get; init; }
    public required string WhatTheyDo { get; init; }
    public required string Role { get; init; }
    public required string DpaDate { get; init; }
    public required string Safeguard { get; init; }
    public required string ListedSince { get; init; }
    public required string Subscribe { get; init; }
    public required string SubscribeHint { get; init; }
    public required string FeedTitle { get; init; }
    public required string Listed { get; init; }
    public required string Added { get; init; }
    public required string Removed { get; init; }
    public required string Changed { get; init; }
    public required string Before { get; init; }
    public required string Now { get; init; }
    public required string PolicyVersionLine { get; init; }
    public required string PolicyHistory { get; init; }
    public required string PolicyVersions { get; init; }
    public required string InEffectSince { get; init; }
    public required string SignificantChange { get; init; }
    public required string ChangesFrom { get; init; }
    public required string FirstVersion { get; init; }
    public required string NoPolicy { get; init; }
    public required string ReadCurrent { get; init; }
    public required string ChangeSummary { get; init; }
    public required string VersionWord { get; init; }
    public required string TitleWord { get; init; }
    public required string CookieSettings { get; init; }
    public required string PreferencesIntro { get; init; }
    public required string OpenSettings { get; init; }
    public required string NoScript { get; init; }
    public required string RecordedChoices { get; init; }
    public required string NoRecordedChoices { get; init; }
    public required string RecordedChoicesFailed { get; init; }
    public required string ChoiceAllowed { get; init; }
    public required string ChoiceRefused { get; init; }
    public required string DownloadReceipt { get; init; }
    public required string VerifyReceipts { get; init; }
    public required string PublicKeys { get; init; }
}
