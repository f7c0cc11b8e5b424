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
    string Error)
{
    public static readonly IReadOnlyList<string> Languages = ["en", "nb"];

    public static string LanguageOrDefault(string? lang) =>
        lang is not null && Languages.Contains(lang) ? lang : "en";

    public static BannerTexts For(string language) => language == "nb" ? Norwegian : English;

    private static readonly BannerTexts English = new(
        Title: "Your privacy choices",
        Description: "We use cookies and similar technology for the purposes below. Necessary ones are always on; the others only with your consent, which you can change or withdraw at any time under \"Cookie settings\".",
        AcceptAll: "Accept all",
        RejectAll: "Reject all",
        Customise: "Customise",
        Save: "Save choices",
        Settings: "Cookie settings",
        GpcNotice: "Your browser sends a Global Privacy Control signal, so we treat it as a refusal of marketing.",
        AlwaysOn: "Always on",
        Cookies: "Cookie declaration",
        Policy: "Privacy policy",
        Error: "Your choice could not be saved. Please try again.");

    private static readonly BannerTexts Norwegian = new(
        Title: "Dine personvernvalg",
        Description: "Vi bruker informasjonskapsler og lignende teknologi til formålene nedenfor. De nødvendige er alltid på; de andre bare med ditt samtykke, som du når som helst kan endre eller trekke tilbake under «Innstillinger for informasjonskapsler».",
        AcceptAll: "Godta alle",
        RejectAll: "Avvis alle",
        Customise: "Tilpass",
        Save: "Lagre valgene",
        Settings: "Innstillinger for informasjonskapsler",
        GpcNotice: "Nettleseren din sender et Global Privacy Control-signal, så vi behandler det som et nei til markedsføring.",
        AlwaysOn: "Alltid på",
        Cookies: "Informasjonskapsler",
        Policy: "Personvernerklæring",
        Error: "Valget ditt ble ikke lagret. Prøv igjen.");
}
