using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Ropa;

/// <summary>Turns the privacy model into the Records of Processing Activities (GDPR Art. 30).</summary>
internal static class RopaBuilder
{
    /// <summary>The records are kept in English, like the rest of the staff console.</summary>
    public const string Language = Languages.English;

    public static RecordsOfProcessing Build(PrivacyModel model, int modelVersion, DateTime generatedAt, IReadOnlyList<RopaCustomer> customers)
    {
        var controller = ToParty(model.Controller);
        var security = model.SecurityMeasures[Language];
        return new RecordsOfProcessing(
            modelVersion,
            // Whole seconds in UTC: the date says when, and the exports stay readable and comparable.
            new DateTime(generatedAt.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc),
            Language,
            new Dictionary<string, string>
            {
                ["dpv"] = "https://w3id.org/dpv#",
                ["dpv-pd"] = "https://w3id.org/dpv/dpv-pd#",
            },
            [.. model.Purposes.Select(p => ToControllerEntry(model, p, controller, security))],
            [.. model.ProcessorActivities.Select(a => ToProcessorEntry(model, a, controller, security, [.. customers.Where(c => c.Activities.Contains(a.Id)).Select(c => c.Entry)]))]);
    }

    private static ControllerEntry ToControllerEntry(PrivacyModel model, Purpose purpose, Party controller, IReadOnlyList<string> security)
    {
        var recipients = purpose.Recipients.Select(id => model.Recipient(id)!).ToList();
        var retention = model.RetentionRule(purpose.Retention)!;
        return new ControllerEntry(
            purpose.Id,
            controller,
            new PurposeEntry(purpose.Name[Language], purpose.Description[Language], purpose.DpvPurpose),
            ToLegalBasis(purpose),
            Subjects(model, purpose.Subjects),
            Categories(model, purpose.Categories),
            purpose.Source[Language],
            [.. recipients.Select(ToRecipient)],
            Transfers(recipients),
            new RetentionEntry(
                retention.Id,
                retention.Period,
                retention.StartsAt,
                retention.Action == RetentionAction.Anonymise ? "anonymise" : "delete",
                retention.Description[Language],
                retention.LegalHold is { } hold ? new LegalHoldEntry(hold.Law, hold.Period, hold.Description[Language]) : null,
                retention.KeepLonger is { } longer ? new KeepLongerEntry(longer.Period, longer.Purpose[Language]) : null),
            security,
            purpose.AutomatedDecisions);
    }

    private static ProcessorEntry ToProcessorEntry(PrivacyModel model, ProcessorActivity activity, Party processor, IReadOnlyList<string> security, IReadOnlyList<CustomerEntry> customers)
    {
        var subProcessors = activity.SubProcessors.Select(id => model.Recipient(id)!).ToList();
        return new ProcessorEntry(
            activity.Id,
            activity.Name[Language],
            processor,
            activity.Controllers[Language],
            customers,
            activity.Processing[Language],
            Subjects(model, activity.Subjects),
            Categories(model, activity.Categories),
            [.. subProcessors.Select(ToRecipient)],
            Transfers(subProcessors),
            security);
    }

    private static Party ToParty(Controller c) =>
        new(c.Name, c.OrganisationNumber, c.Address, c.Country, c.Email, c.Phone, c.Website, c.Representative, c.ProtectionOfficer);

    private static LegalBasisEntry ToLegalBasis(Purpose purpose)
    {
        var (key, label, article, dpv) = LegalBasisTerms.Of(purpose.LegalBasis);
        var balancing = purpose.LegitimateInterest is { } li
            ? new BalancingEntry(li.Interest[Language], li.Necessity[Language], li.Balancing[Language])
            : null;
        return new LegalBasisEntry(key, label, article, dpv, purpose.ConsentCategory, balancing);
    }

    private static List<SubjectEntry> Subjects(PrivacyModel model, IEnumerable<string> ids) =>
        [.. ids.Select(id => model.SubjectKind(id)!).Select(s => new SubjectEntry(s.Id, s.Name[Language], s.Dpv))];

    private static List<CategoryEntry> Categories(PrivacyModel model, IEnumerable<string> ids) =>
        [.. ids.Select(id => model.Category(id)!).Select(c => new CategoryEntry(c.Id, c.Name[Language], c.Description[Language], c.Special, c.Dpv))];

    private static RecipientEntry ToRecipient(Recipient r) => new(r.Id, r.Name, r.Country, Role(r.Role), r.Service[Language]);

    // The validator requires a mechanism for every recipient outside the EU/EEA, so the declared
    // transfers are the third-country transfers.
    private static List<TransferEntry> Transfers(IEnumerable<Recipient> recipients) =>
        [.. recipients.Where(r => r.Transfer is not null).Select(r => new TransferEntry(
            r.Id, r.Name, r.Country, Mechanism(r.Transfer!.Mechanism), r.Transfer.Module, r.Transfer.AssessmentDate,
            r.Transfer.Note[Language] is { Length: > 0 } note ? note : null))];

    private static string Role(RecipientRole role) => role switch
    {
        RecipientRole.Processor => "processor",
        RecipientRole.SubProcessor => "sub-processor",
        RecipientRole.Controller => "controller",
        RecipientRole.Authority => "authority",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private static string Mechanism(TransferMechanism mechanism) => mechanism switch
    {
        TransferMechanism.Adequacy => "adequacy-decision",
        TransferMechanism.DataPrivacyFramework => "data-privacy-framework",
        TransferMechanism.StandardContractualClauses => "standard-contractual-clauses",
        _ => throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, null),
    };
}
