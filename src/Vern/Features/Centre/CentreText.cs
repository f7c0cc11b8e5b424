namespace Vern.Features.Centre;

/// <summary>
/// The fixed texts of the public pages in English and Norwegian bokmål. Typed properties rather
/// than resource files: two languages and a few dozen strings, and a missing translation fails the build.
/// They speak as "we": the company's name, address and contact come from the definition in force.
/// </summary>
internal sealed class CentreText
{
    public static readonly CentreText En = new()
    {
        Language = "en",
        LanguageName = "English",
        SkipToContent = "Skip to content",
        MainNavigation = "Main",
        Home = "Home",
        Product = "Product",
        Contact = "Contact",
        Privacy = "Privacy",
        LanguageSwitch = "Language",
        CentreTitle = "Privacy centre",
        CentreIntro = "Everything about how we handle personal data, and how to use your rights.",
        Policy = "Privacy policy",
        PolicyHint = "What we collect, why, and on which legal basis.",
        Cookies = "Cookies",
        CookiesHint = "The cookies and services on our website, and how long they last.",
        Subprocessors = "Sub-processors",
        SubprocessorsHint = "The companies that process personal data for us, and where.",
        Requests = "Exercise your rights",
        RequestsHint = "Ask for access, correction, deletion and more.",
        Preferences = "Your preferences",
        PreferencesHint = "Change or withdraw your consent.",
        ContactUs = "Questions about privacy",
        WriteTo = "Write to",
        CookiesIntro = "Our website uses the cookies and services below. Only the necessary ones are used without your consent.",
        CookieCategories = "Cookies by category",
        ChangeChoice = "You can change your choice at any time on",
        ReflectsVersion = "Generated from version {0} of our privacy definition, in force since {1}.",
        SubprocessorsIntro = "These companies process personal data on our behalf. Each is bound by a data processing agreement.",
        SubprocessorsCaption = "Processors and sub-processors",
        Name = "Name",
        Address = "Address",
        Country = "Country",
        WhatTheyDo = "What they do",
        Role = "Role",
        DpaDate = "Data processing agreement",
        Safeguard = "Transfer safeguard",
        ListedSince = "Listed since",
        Subscribe = "Subscribe to changes to this list (Atom feed)",
        SubscribeHint = "Customers are told of new sub-processors before they start; a feed reader shows each change as it is published.",
        FeedTitle = "Sub-processors of {0}",
        Listed = "Listed",
        Added = "Added",
        Removed = "Removed",
        Changed = "Changed",
        Before = "before",
        Now = "now",
        PolicyVersionLine = "Version {0}, in effect since {1}.",
        PolicyHistory = "Earlier versions and what changed",
        PolicyVersions = "Versions of the privacy policy",
        InEffectSince = "In effect since",
        SignificantChange = "Significant change",
        ChangesFrom = "What changed from version {0}",
        FirstVersion = "This is the first published version.",
        NoPolicy = "No privacy policy has been published yet.",
        ReadCurrent = "Read the version in effect",
        ChangeSummary = "Summary of the change",
        VersionWord = "Version",
        TitleWord = "Title",
        CookieSettings = "Cookie settings",
        PreferencesIntro = "Your choice about cookies and similar technology is kept in your browser for at most 6 months and recorded, without your name, in our consent ledger. You can change or withdraw it at any time; withdrawing takes no more steps than agreeing.",
        OpenSettings = "Change your cookie choices",
        NoScript = "Changing your choice needs JavaScript, because the choice lives in your browser. Without it, no non-essential cookie is ever set.",
    };

    public static readonly CentreText Nb = new()
    {
        Language = "nb",
        LanguageName = "Norsk bokmål",
        SkipToContent = "Hopp til innholdet",
        MainNavigation = "Hovedmeny",
        Home = "Hjem",
        Product = "Produkt",
        Contact = "Kontakt",
        Privacy = "Personvern",
        LanguageSwitch = "Språk",
        CentreTitle = "Personvernsenter",
        CentreIntro = "Alt om hvordan vi behandler personopplysninger, og hvordan du bruker rettighetene dine.",
        Policy = "Personvernerklæring",
        PolicyHint = "Hva vi samler inn, hvorfor, og på hvilket grunnlag.",
        Cookies = "Informasjonskapsler",
        CookiesHint = "Informasjonskapslene og tjenestene på nettstedet vårt, og hvor lenge de varer.",
        Subprocessors = "Underdatabehandlere",
        SubprocessorsHint = "Selskapene som behandler personopplysninger for oss, og hvor.",
        Requests = "Bruk rettighetene dine",
        RequestsHint = "Be om innsyn, retting, sletting og mer.",
        Preferences = "Dine valg",
        PreferencesHint = "Endre eller trekk tilbake samtykket ditt.",
        ContactUs = "Spørsmål om personvern",
        WriteTo = "Skriv til",
        CookiesIntro = "Nettstedet vårt bruker informasjonskapslene og tjenestene nedenfor. Bare de nødvendige brukes uten samtykke fra deg.",
        CookieCategories = "Informasjonskapsler etter kategori",
        ChangeChoice = "Du kan når som helst endre valget ditt på",
        ReflectsVersion = "Laget fra versjon {0} av personverndefinisjonen vår, gjeldende fra {1}.",
        SubprocessorsIntro = "Disse selskapene behandler personopplysninger på våre vegne. Hvert av dem er bundet av en databehandleravtale.",
        SubprocessorsCaption = "Databehandlere og underdatabehandlere",
        Name = "Navn",
        Address = "Adresse",
        Country = "Land",
        WhatTheyDo = "Hva de gjør",
        Role = "Rolle",
        DpaDate = "Databehandleravtale",
        Safeguard = "Garanti ved overføring",
        ListedSince = "Oppført siden",
        Subscribe = "Abonner på endringer i listen (Atom-feed)",
        SubscribeHint = "Kundene varsles om nye underdatabehandlere før de tas i bruk; en feedleser viser hver endring når den publiseres.",
        FeedTitle = "Underdatabehandlere hos {0}",
        Listed = "Oppført",
        Added = "Lagt til",
        Removed = "Fjernet",
        Changed = "Endret",
        Before = "før",
        Now = "nå",
        PolicyVersionLine = "Versjon {0}, gjeldende fra {1}.",
        PolicyHistory = "Tidligere versjoner og hva som er endret",
        PolicyVersions = "Versjoner av personvernerklæringen",
        InEffectSince = "Gjeldende fra",
        SignificantChange = "Vesentlig endring",
        ChangesFrom = "Endringer fra versjon {0}",
        FirstVersion = "Dette er den første publiserte versjonen.",
        NoPolicy = "Ingen personvernerklæring er publisert ennå.",
        ReadCurrent = "Les gjeldende versjon",
        ChangeSummary = "Sammendrag av endringen",
        VersionWord = "Versjon",
        TitleWord = "Tittel",
        CookieSettings = "Innstillinger for informasjonskapsler",
        PreferencesIntro = "Valget ditt om informasjonskapsler og lignende teknologi lagres i nettleseren din i høyst 6 måneder og registreres, uten navnet ditt, i samtykkeloggen vår. Du kan endre eller trekke det tilbake når som helst; å trekke tilbake krever ikke flere steg enn å samtykke.",
        OpenSettings = "Endre valgene dine for informasjonskapsler",
        NoScript = "Å endre valget krever JavaScript, fordi valget lagres i nettleseren din. Uten JavaScript settes aldri informasjonskapsler som ikke er nødvendige.",
    };

    public static CentreText For(string language) => language == CentreLanguage.Norwegian ? Nb : En;

    public required string Language { get; init; }
    public required string LanguageName { get; init; }
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
}
