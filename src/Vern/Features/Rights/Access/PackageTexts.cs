namespace Vern.Features.Rights.Access;

/// <summary>
/// The access package's own wording in English and Norwegian bokmål; everything about the processing
/// itself comes from the model and the policy's <see cref="Policies.SectionWords"/>, so the package
/// says what the privacy policy says. Typed properties so a missing translation is a compile error.
/// </summary>
internal sealed class PackageTexts
{
    public static readonly PackageTexts En = new()
    {
        Title = "Your personal data at {0}",
        PortabilityTitle = "Your data to take with you from {0}",
        Intro = "This is a copy of the personal data {0} holds about you, made on {1}, with what you are entitled to know about how it is used (GDPR Art. 15).",
        PortabilityIntro = "This is the personal data you gave {0}, or that was generated under your consent or a contract with you, made on {1}, in formats other services can read (GDPR Art. 20).",
        Files = "The same data is in data.json, for computers, and in the csv folder, one spreadsheet file per source. In the spreadsheet files, a value that starts with = + - or @ has an apostrophe in front, so that no spreadsheet runs it as a formula.",
        AboutYou = "How we found your data",
        EmailAddress = "E-mail address",
        VisitorIds = "Visitor ids of your consent choices",
        NoneKnown = "None",
        YourData = "The data we hold about you",
        NothingHeld = "We hold nothing about you here.",
        Records = "records",
        WhoWeAre = "Who we are",
        Purposes = "Why we process personal data",
        Categories = "The kinds of personal data",
        Recipients = "Who receives personal data",
        Transfers = "Transfers outside the EU/EEA",
        Retention = "How long we keep it",
        Sources = "Where your data comes from",
        SourcesCaption = "The sources of the data in this package",
        SourceColumn = "Data",
        Automated = "Automated decisions",
        AutomatedNone = "We make no decisions about you based solely on automated processing, including profiling, that have legal effects for you or affect you similarly significantly (GDPR Art. 22).",
        AutomatedUsed = "We make decisions based solely on automated processing for these purposes: {0}. You can ask us about the logic involved and what the decisions mean for you, have a person review a decision, give your view and contest it (GDPR Art. 22(3)).",
        Rights = "Your rights",
        HowToUse = "Send a request at {0}. We answer within one month, free of charge.",
        Complaint = "Complaints",
    };

    public static readonly PackageTexts Nb = new()
    {
        Title = "Personopplysningene dine hos {0}",
        PortabilityTitle = "Opplysningene dine til å ta med fra {0}",
        Intro = "Dette er en kopi av personopplysningene {0} har om deg, laget {1}, med det du har rett til å vite om hvordan de brukes (personvernforordningen art. 15).",
        PortabilityIntro = "Dette er personopplysningene du har gitt {0}, eller som ble til med ditt samtykke eller under en avtale med deg, laget {1}, i formater andre tjenester kan lese (personvernforordningen art. 20).",
        Files = "De samme opplysningene ligger i data.json, for datamaskiner, og i mappen csv, én regnearkfil per kilde. I regnearkfilene har en verdi som begynner med = + - eller @ en apostrof foran, slik at ingen regneark kjører den som en formel.",
        AboutYou = "Hvordan vi fant opplysningene dine",
        EmailAddress = "E-postadresse",
        VisitorIds = "Besøks-ID-er for samtykkevalgene dine",
        NoneKnown = "Ingen",
        YourData = "Opplysningene vi har om deg",
        NothingHeld = "Vi har ingenting om deg her.",
        Records = "oppføringer",
        WhoWeAre = "Hvem vi er",
        Purposes = "Hvorfor vi behandler personopplysninger",
        Categories = "Typene personopplysninger",
        Recipients = "Hvem som mottar personopplysninger",
        Transfers = "Overføringer ut av EU/EØS",
        Retention = "Hvor lenge vi lagrer dem",
        Sources = "Hvor opplysningene dine kommer fra",
        SourcesCaption = "Kildene til opplysningene i denne pakken",
        SourceColumn = "Opplysninger",
        Automated = "Automatiserte avgjørelser",
        AutomatedNone = "Vi treffer ingen avgjørelser om deg som utelukkende bygger på automatisert behandling, herunder profilering, og som har rettsvirkning for deg eller på lignende måte påvirker deg i betydelig grad (personvernforordningen art. 22).",
        AutomatedUsed = "Vi treffer avgjørelser som utelukkende bygger på automatisert behandling, til disse formålene: {0}. Du kan spørre oss om logikken bak og hva avgjørelsene betyr for deg, få en person til å vurdere en avgjørelse på nytt, si din mening og bestride den (personvernforordningen art. 22 nr. 3).",
        Rights = "Rettighetene dine",
        HowToUse = "Send en forespørsel på {0}. Vi svarer innen én måned, uten kostnad.",
        Complaint = "Klage",
    };

    public static PackageTexts For(string language) => language == "nb" ? Nb : En;

    public required string Title { get; init; }
    public required string PortabilityTitle { get; init; }
    public required string Intro { get; init; }
    public required string PortabilityIntro { get; init; }
    public required string Files { get; init; }
    public required string AboutYou { get; init; }
    public required string EmailAddress { get; init; }
    public required string VisitorIds { get; init; }
    public required string NoneKnown { get; init; }
    public required string YourData { get; init; }
    public required string NothingHeld { get; init; }
    public required string Records { get; init; }
    public required string WhoWeAre { get; init; }
    public required string Purposes { get; init; }
    public required string Categories { get; init; }
    public required string Recipients { get; init; }
    public required string Transfers { get; init; }
    public required string Retention { get; init; }
    public required string Sources { get; init; }
    public required string SourcesCaption { get; init; }
    public required string SourceColumn { get; init; }
    public required string Automated { get; init; }
    public required string AutomatedNone { get; init; }
    public required string AutomatedUsed { get; init; }
    public required string Rights { get; init; }
    public required string HowToUse { get; init; }
    public required string Complaint { get; init; }
}
