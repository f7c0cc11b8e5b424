using System.Globalization;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>
/// The fixed wording around model values in the generated sections; the values are in
/// <c>Texts/{language}/SectionWords.json</c>, the enums' words keyed by the member's name.
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
    /// <summary>What the rules the definition names for Vern's own files apply to, keyed by <c>logs</c> and <c>backups</c>.</summary>
    public required IReadOnlyDictionary<string, string> KeptFiles { get; init; }
    /// <summary>How long deleted data may remain in backups, with {0} the backup rule's period in words.</summary>
    public required string BackupWindow { get; init; }
    /// <summary>What a person may agree to beyond a rule (its <c>keepLonger</c>): {0} the most, in words, and {1} the purpose.</summary>
    public required string KeepLonger { get; init; }
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

    public required IReadOnlyDictionary<LegalBasis, string> Bases { get; init; }
    public required IReadOnlyDictionary<RecipientRole, string> Roles { get; init; }
    public required IReadOnlyDictionary<TransferMechanism, string> Mechanisms { get; init; }
    /// <summary>The modules of the 2021 standard contractual clauses, by number.</summary>
    public required IReadOnlyDictionary<string, string> Modules { get; init; }
    /// <summary>A module not named in <see cref="Modules"/>: <c>{0}</c> is its number.</summary>
    public required string OtherModule { get; init; }
    /// <summary>What starts a retention period, by the definition's <c>starts_at</c>, as the end of a sentence such as "Kept for 2 years after …".</summary>
    public required IReadOnlyDictionary<string, string> Starts { get; init; }
    /// <summary>A <c>starts_at</c> not named in <see cref="Starts"/>: <c>{0}</c> is it with spaces for hyphens.</summary>
    public required string StartsAfter { get; init; }
    /// <summary>Shown in place of a <c>{{vern:…}}</c> line that names no section: <c>{0}</c> is the name.</summary>
    public required string UnknownSection { get; init; }
    public required string ProcessorIntro { get; init; }
    public required string ProcessingCaption { get; init; }
    public required string NoProcessing { get; init; }
    public required string WhatWeDo { get; init; }
    public required string WhoseData { get; init; }
    public required string SubProcessorsCaption { get; init; }
    public required string NoSubProcessors { get; init; }
    /// <summary>{0}: hours after becoming aware of a breach.</summary>
    public required string BreachTerm { get; init; }
    /// <summary>{0}: days of notice before a sub-processor changes.</summary>
    public required string SubProcessorTerm { get; init; }
    /// <summary>{0}: days to carry out a forwarded request.</summary>
    public required string RequestTerm { get; init; }
    /// <summary>{0}: days the export stays offered; {1}: days until deletion after that.</summary>
    public required string ReturnTerm { get; init; }

    public string Basis(LegalBasis basis) => Bases[basis];

    public string RoleName(RecipientRole role) => Roles[role];

    /// <summary>The safeguard of a transfer in words, or that none is needed inside the EU/EEA.</summary>
    public string SafeguardOf(Transfer? transfer) => transfer switch
    {
        null => None,
        { Mechanism: TransferMechanism.StandardContractualClauses and var mechanism, Module: { Length: > 0 } module } =>
            $"{Mechanisms[mechanism]}, {(Modules.TryGetValue(module, out var words) ? words : Format(OtherModule, module))}",
        { Mechanism: var mechanism } => Mechanisms[mechanism],
    };

    /// <summary>"Kept for 13 months from collection, then anonymised."</summary>
    public string RuleInWords(RetentionRule rule) =>
        $"{KeptFor} {Durations.ToWords(rule.Period, Language)} {StartsAt(rule.StartsAt)}, {Then} {(rule.Action == RetentionAction.Anonymise ? Anonymised : Deleted)}.";

    /// <summary>"If you agree to it … we keep them for up to 1 year longer. Why: …"</summary>
    public string KeepLongerInWords(KeepLonger longer) =>
        string.Format(CultureInfo.InvariantCulture, KeepLonger, Durations.ToWords(longer.Period, Language), longer.Purpose[Language]);

    public string StartsAt(string startsAt) =>
        Starts.TryGetValue(startsAt, out var words) ? words : Format(StartsAfter, startsAt.Replace('-', ' '));

    private static string Format(string format, string value) => string.Format(CultureInfo.InvariantCulture, format, value);
}

/// <summary>A right as the policy names and explains it.</summary>
internal sealed record RightWords(string Name, string Text);
