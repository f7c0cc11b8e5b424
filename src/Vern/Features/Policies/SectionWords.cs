using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>
/// The fixed wording around model values in the generated sections, in English and Norwegian
/// bokmål. Kept as typed properties so a missing translation is a compile error, not a blank.
/// </summary>
internal sealed class SectionWords : ITexts
{

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
    public required IReadOnlyList<RightWords> Rights { get; init; }
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

/// <summary>A right as the policy names and explains it.</summary>
internal sealed record RightWords(string Name, string Text);
