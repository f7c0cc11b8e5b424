using Vern.Features.Model;

namespace Vern.Features.Policies;

/// <summary>
/// The fixed wording around model values in the generated sections, in English and Norwegian
/// bokmål. Kept as typed properties so a missing translation is a compile error, not a blank.
/// </summary>
internal sealed class SectionWords
{
    public static readonly SectionWords En = new()
    {
        Language = "en",
        ControllerIntro = "is responsible for the processing of personal data described here (the controller).",
        OrganisationNumber = "organisation number",
        Address = "Address",
        Email = "E-mail",
        Phone = "Phone",
        Website = "Website",
        Representative = "Representative in the EU",
        ProtectionOfficer = "Data protection contact",
        LegalBasis = "Legal basis",
        PersonalData = "Personal data",
        Source = "Where the data comes from",
        Retention = "How long it is kept",
        SharedWith = "Shared with",
        NoOne = "No one outside our company",
        Interest = "Our interest",
        Category = "Category",
        WhatItIs = "What it is",
        UsedFor = "Used for",
        DataCaption = "The personal data we process",
        Special = "special category (GDPR Art. 9)",
        Name = "Name",
        Country = "Country",
        WhatTheyDo = "What they do",
        Role = "Role",
        RecipientsCaption = "Who receives personal data",
        TransfersIntro = "Some recipients are outside the EU/EEA. Each transfer is protected by the safeguard named here.",
        NoTransfers = "We do not transfer personal data outside the EU/EEA.",
        Safeguard = "Safeguard",
        Assessment = "Transfer assessment",
        TransfersCaption = "Transfers outside the EU/EEA",
        AlwaysOn = "Always on: these are needed for the site to work and cannot be switched off.",
        AskConsent = "Used only if you consent. You can change your choice at any time.",
        Services = "Services",
        Provider = "Provider",
        Purpose = "Purpose",
        Lifetime = "Lifetime",
        CookiesCaption = "Cookies in the category",
        NoCookies = "No cookies in this category.",
        ChangeChoice = "Change your cookie choices",
        LegalHold = "Kept longer when the law requires it",
        AppliesTo = "Applies to",
        RightsIntro = "You have these rights over your personal data. They are free of charge, and we answer within one month.",
        Rights =
        [
            ("Access", "You can ask what we hold about you and get a copy."),
            ("Rectification", "You can have data about you corrected or completed if it is wrong or incomplete."),
            ("Erasure", "You can have your data deleted when we no longer need it, when you withdraw consent, or when it was processed unlawfully. Data the law requires us to keep, such as accounting records, is kept until the legal period ends."),
            ("Restriction", "You can ask us to stop using your data, and only store it, while a disagreement about it is settled."),
            ("Objection", "You can object to processing based on our legitimate interests, and always to direct marketing."),
            ("Portability", "You can get the data you gave us in a machine-readable format, to take it elsewhere."),
            ("Withdrawing consent", "Where we rely on your consent, you can withdraw it at any time, as easily as you gave it. This does not affect processing before the withdrawal."),
        ],
        RequestsLink = "Make a request",
        PreferencesLink = "Change your consent choices",
        ComplaintIntro = "If you think we process your personal data unlawfully, you can complain to the supervisory authority. We would be glad to hear from you first, so that we can try to put it right.",
        HowToComplain = "How to complain",
        Then = "then",
        Deleted = "deleted",
        Anonymised = "anonymised",
        KeptFor = "Kept for",
        None = "None needed (within the EU/EEA)",
    };

    public static readonly SectionWords Nb = new()
    {
        Language = "nb",
        ControllerIntro = "er ansvarlig for behandlingen av personopplysninger som beskrives her (behandlingsansvarlig).",
        OrganisationNumber = "organisasjonsnummer",
        Address = "Adresse",
        Email = "E-post",
        Phone = "Telefon",
        Website = "Nettsted",
        Representative = "Representant i EU",
        ProtectionOfficer = "Kontakt for personvern",
        LegalBasis = "Behandlingsgrunnlag",
        PersonalData = "Personopplysninger",
        Source = "Hvor opplysningene kommer fra",
        Retention = "Hvor lenge de lagres",
        SharedWith = "Deles med",
        NoOne = "Ingen utenfor selskapet vårt",
        Interest = "Vår interesse",
        Category = "Kategori",
        WhatItIs = "Hva det er",
        UsedFor = "Brukes til",
        DataCaption = "Personopplysningene vi behandler",
        Special = "særlig kategori (personvernforordningen art. 9)",
        Name = "Navn",
        Country = "Land",
        WhatTheyDo = "Hva de gjør",
        Role = "Rolle",
        RecipientsCaption = "Hvem som mottar personopplysninger",
        TransfersIntro = "Noen mottakere er utenfor EU/EØS. Hver overføring er beskyttet av garantien som er oppgitt her.",
        NoTransfers = "Vi overfører ikke personopplysninger ut av EU/EØS.",
        Safeguard = "Garanti",
        Assessment = "Vurdering av overføringen",
        TransfersCaption = "Overføringer ut av EU/EØS",
        AlwaysOn = "Alltid på: disse trengs for at nettstedet skal fungere, og kan ikke slås av.",
        AskConsent = "Brukes bare hvis du samtykker. Du kan endre valget ditt når som helst.",
        Services = "Tjenester",
        Provider = "Leverandør",
        Purpose = "Formål",
        Lifetime = "Levetid",
        CookiesCaption = "Informasjonskapsler i kategorien",
        NoCookies = "Ingen informasjonskapsler i denne kategorien.",
        ChangeChoice = "Endre valgene dine for informasjonskapsler",
        LegalHold = "Lagres lenger når loven krever det",
        AppliesTo = "Gjelder",
        RightsIntro = "Du har disse rettighetene over personopplysningene dine. De er gratis, og vi svarer innen én måned.",
        Rights =
        [
            ("Innsyn", "Du kan spørre hva vi har lagret om deg, og få en kopi."),
            ("Retting", "Du kan få opplysninger om deg rettet eller supplert hvis de er feil eller ufullstendige."),
            ("Sletting", "Du kan få opplysningene dine slettet når vi ikke lenger trenger dem, når du trekker tilbake samtykket, eller når de er behandlet ulovlig. Opplysninger loven krever at vi oppbevarer, for eksempel regnskapsbilag, lagres til den lovpålagte fristen er ute."),
            ("Begrensning", "Du kan be oss slutte å bruke opplysningene dine, og bare lagre dem, mens en uenighet om dem avklares."),
            ("Protest", "Du kan protestere mot behandling som bygger på våre berettigede interesser, og alltid mot direkte markedsføring."),
            ("Dataportabilitet", "Du kan få opplysningene du har gitt oss i et maskinlesbart format, for å ta dem med deg."),
            ("Trekke tilbake samtykke", "Der vi bygger på samtykket ditt, kan du trekke det tilbake når som helst, like enkelt som du ga det. Det påvirker ikke behandlingen før du trakk det tilbake."),
        ],
        RequestsLink = "Send en forespørsel",
        PreferencesLink = "Endre samtykkevalgene dine",
        ComplaintIntro = "Hvis du mener at vi behandler personopplysningene dine i strid med regelverket, kan du klage til tilsynsmyndigheten. Vi hører gjerne fra deg først, slik at vi kan prøve å rette det opp.",
        HowToComplain = "Slik klager du",
        Then = "deretter",
        Deleted = "slettes de",
        Anonymised = "anonymiseres de",
        KeptFor = "Lagres i",
        None = "Ikke nødvendig (innenfor EU/EØS)",
    };

    public static SectionWords For(string language) => language == "nb" ? Nb : En;

    public required string Language { get; init; }
    public required string ControllerIntro { get; init; }
    public required string OrganisationNumber { get; init; }
    public required string Address { get; init; }
    public required string Email { get; init; }
    public required string Phone { get; init; }
    public required string Website { get; init; }
    public required string Representative { get; init; }
    public required string ProtectionOfficer { get; init; }
    public required string LegalBasis { get; init; }
    public required string PersonalData { get; init; }
    public required string Source { get; init; }
    public required string Retention { get; init; }
    public required string SharedWith { get; init; }
    public required string NoOne { get; init; }
    public required string Interest { get; init; }
    public required string Category { get; init; }
    public required string WhatItIs { get; init; }
    public required string UsedFor { get; init; }
    public required string DataCaption { get; init; }
    public required string Special { get; init; }
    public required string Name { get; init; }
    public required string Country { get; init; }
    public required string WhatTheyDo { get; init; }
    public required string Role { get; init; }
    public required string RecipientsCaption { get; init; }
    public required string TransfersIntro { get; init; }
    public required string NoTransfers { get; init; }
    public required string Safeguard { get; init; }
    public required string Assessment { get; init; }
    public required string TransfersCaption { get; init; }
    public required string AlwaysOn { get; init; }
    public required string AskConsent { get; init; }
    public required string Services { get; init; }
    public required string Provider { get; init; }
    public required string Purpose { get; init; }
    public required string Lifetime { get; init; }
    public required string CookiesCaption { get; init; }
    public required string NoCookies { get; init; }
    public required string ChangeChoice { get; init; }
    public required string LegalHold { get; init; }
    public required string AppliesTo { get; init; }
    public required string RightsIntro { get; init; }
    public required IReadOnlyList<(string Name, string Text)> Rights { get; init; }
    public required string RequestsLink { get; init; }
    public required string PreferencesLink { get; init; }
    public required string ComplaintIntro { get; init; }
    public required string HowToComplain { get; init; }
    public required string Then { get; init; }
    public required string Deleted { get; init; }
    public required string Anonymised { get; init; }
    public required string KeptFor { get; init; }
    public required string None { get; init; }

    private bool IsNb => Language == "nb";

    public string Basis(LegalBasis basis) => (basis, IsNb) switch
    {
        (Model.LegalBasis.Consent, false) => "Your consent (GDPR Art. 6(1)(a)). You can withdraw it at any time.",
        (Model.LegalBasis.Consent, true) => "Ditt samtykke (personvernforordningen art. 6 nr. 1 bokstav a). Du kan når som helst trekke det tilbake.",
        (Model.LegalBasis.Contract, false) => "Necessary for a contract with you, or for steps you asked for before one (GDPR Art. 6(1)(b)).",
        (Model.LegalBasis.Contract, true) => "Nødvendig for å oppfylle en avtale med deg, eller for tiltak du ba om før en avtale (art. 6 nr. 1 bokstav b).",
        (Model.LegalBasis.LegalObligation, false) => "Necessary to comply with a legal obligation (GDPR Art. 6(1)(c)).",
        (Model.LegalBasis.LegalObligation, true) => "Nødvendig for å oppfylle en rettslig forpliktelse (art. 6 nr. 1 bokstav c).",
        (Model.LegalBasis.VitalInterests, false) => "Necessary to protect someone's vital interests (GDPR Art. 6(1)(d)).",
        (Model.LegalBasis.VitalInterests, true) => "Nødvendig for å verne noens vitale interesser (art. 6 nr. 1 bokstav d).",
        (Model.LegalBasis.PublicTask, false) => "Necessary for a task in the public interest (GDPR Art. 6(1)(e)).",
        (Model.LegalBasis.PublicTask, true) => "Nødvendig for å utføre en oppgave i allmennhetens interesse (art. 6 nr. 1 bokstav e).",
        (_, false) => "Our legitimate interests, weighed against yours (GDPR Art. 6(1)(f)).",
        (_, true) => "Våre berettigede interesser, veid mot dine (art. 6 nr. 1 bokstav f).",
    };

    public string RoleName(RecipientRole role) => (role, IsNb) switch
    {
        (RecipientRole.Processor, false) => "Processor (acts on our instructions)",
        (RecipientRole.Processor, true) => "Databehandler (handler etter våre instrukser)",
        (RecipientRole.SubProcessor, false) => "Sub-processor",
        (RecipientRole.SubProcessor, true) => "Underdatabehandler",
        (RecipientRole.Controller, false) => "Independent controller",
        (RecipientRole.Controller, true) => "Selvstendig behandlingsansvarlig",
        (_, false) => "Public authority",
        (_, true) => "Offentlig myndighet",
    };

    /// <summary>The safeguard of a transfer in words, or that none is needed inside the EU/EEA.</summary>
    public string SafeguardOf(Transfer? transfer)
    {
        if (transfer is null)
            return None;
        return transfer.Mechanism switch
        {
            TransferMechanism.Adequacy => IsNb ? "Europakommisjonens beslutning om tilstrekkelig beskyttelsesnivå" : "Adequacy decision of the European Commission",
            TransferMechanism.DataPrivacyFramework => IsNb ? "EU–US Data Privacy Framework (Europakommisjonens beslutning om tilstrekkelig beskyttelsesnivå for sertifiserte selskaper i USA)" : "EU–US Data Privacy Framework (the European Commission's adequacy decision for certified US companies)",
            _ => (IsNb ? "Standardkontraktsklausuler fra 2021" : "2021 standard contractual clauses") + ModuleText(transfer.Module),
        };
    }

    private string ModuleText(string? module) => module switch
    {
        null or "" => "",
        "1" => IsNb ? ", modul 1 (behandlingsansvarlig til behandlingsansvarlig)" : ", module 1 (controller to controller)",
        "2" => IsNb ? ", modul 2 (behandlingsansvarlig til databehandler)" : ", module 2 (controller to processor)",
        "3" => IsNb ? ", modul 3 (databehandler til databehandler)" : ", module 3 (processor to processor)",
        "4" => IsNb ? ", modul 4 (databehandler til behandlingsansvarlig)" : ", module 4 (processor to controller)",
        _ => (IsNb ? ", modul " : ", module ") + module,
    };

    /// <summary>What starts a retention period, as the end of a sentence such as "Kept for 2 years after …".</summary>
    public string StartsAt(string startsAt) => (startsAt, IsNb) switch
    {
        ("collection", false) => "from collection",
        ("collection", true) => "fra innsamling",
        ("consent-withdrawn-or-expired", false) => "after the consent is withdrawn or expires",
        ("consent-withdrawn-or-expired", true) => "etter at samtykket er trukket tilbake eller har utløpt",
        ("unsubscribed", false) => "after you unsubscribe",
        ("unsubscribed", true) => "etter at du har meldt deg av",
        ("last-activity", false) => "after our last contact with you",
        ("last-activity", true) => "etter siste kontakt med deg",
        ("end-of-licence", false) => "after the licence ends",
        ("end-of-licence", true) => "etter at lisensen opphører",
        ("end-of-financial-year", false) => "after the end of the financial year",
        ("end-of-financial-year", true) => "etter regnskapsårets slutt",
        (_, false) => "after " + startsAt.Replace('-', ' '),
        (_, true) => "etter " + startsAt.Replace('-', ' '),
    };
}
