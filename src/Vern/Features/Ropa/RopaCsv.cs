using System.Globalization;
using Vern.Infrastructure.Formats;

namespace Vern.Features.Ropa;

/// <summary>
/// The records as CSV through the shared writer (RFC 4180, formula cells neutralised: the texts come
/// from the privacy model, which more than one person may edit). Two files, because the two records have different
/// columns: the controller record has one row per purpose, the processor record one row per activity.
/// Cells holding several values join them with "; ".
/// </summary>
internal static class RopaCsv
{
    private const string Join = "; ";

    public static readonly string[] ControllerColumns =
    [
        "Purpose id", "Purpose", "Purpose description", "DPV purpose",
        "Legal basis", "DPV legal basis", "Legitimate interest assessment",
        "Controller", "Controller contact", "Protection officer", "Representative",
        "Data subject categories", "DPV data subjects", "Personal data categories", "DPV personal data", "Special categories",
        "Source", "Recipients", "Third-country transfers",
        "Retention", "Retention rule", "Retention period", "Retention starts at", "Retention action", "Legal hold", "Kept longer with consent",
        "Security measures", "Automated decisions", "Model version", "Generated at",
    ];

    public static readonly string[] ProcessorColumns =
    [
        "Activity id", "Activity", "Processor", "Processor contact", "Protection officer", "Representative",
        "Controllers", "Customer", "Customer contacts", "Customer instructions", "Data processing agreement", "Categories of processing", "Data subject categories", "Personal data categories",
        "Sub-processors", "Third-country transfers", "Security measures", "Model version", "Generated at",
    ];

    public static string Controller(RecordsOfProcessing records) =>
        CsvWriter.Write(ControllerColumns, records.ControllerRecord.Select(e => new[]
        {
            e.Id, e.Purpose.Name, e.Purpose.Description, e.Purpose.Dpv ?? "",
            RopaText.LegalBasis(e.LegalBasis), e.LegalBasis.Dpv, e.LegalBasis.LegitimateInterest is { } li ? RopaText.Balancing(li) : "",
            RopaText.Controller(e.Controller), RopaText.Contact(e.Controller), e.Controller.ProtectionOfficer ?? "", e.Controller.Representative ?? "",
            string.Join(Join, e.DataSubjects.Select(s => s.Name)), string.Join(Join, e.DataSubjects.Select(s => s.Dpv ?? "")),
            string.Join(Join, e.PersonalData.Select(c => c.Name)), string.Join(Join, e.PersonalData.Select(c => c.Dpv ?? "")),
            string.Join(Join, e.PersonalData.Where(c => c.Special).Select(c => c.Name)),
            e.Source, string.Join(Join, e.Recipients.Select(RopaText.Recipient)), Transfers(e.Transfers),
            RopaText.Retention(e.Retention), e.Retention.Id, e.Retention.Period, e.Retention.StartsAt, e.Retention.Action,
            e.Retention.LegalHold is { } hold ? RopaText.LegalHold(hold) : "",
            e.Retention.KeepLonger is { } longer ? RopaText.KeepLonger(longer) : "",
            string.Join(Join, e.SecurityMeasures), e.AutomatedDecisions ? "yes" : "no", Version(records), Generated(records),
        }));

    /// <summary>One row per activity and customer; an activity carried out for no customer yet has one row with the customer's cells empty.</summary>
    public static string Processor(RecordsOfProcessing records) =>
        CsvWriter.Write(ProcessorColumns, records.ProcessorRecord.SelectMany(e => e.Customers.Count == 0 ? [null] : e.Customers.Select(c => (CustomerEntry?)c), (e, c) => new[]
        {
            e.Id, e.Name, RopaText.Controller(e.Processor), RopaText.Contact(e.Processor), e.Processor.ProtectionOfficer ?? "", e.Processor.Representative ?? "",
            e.Controllers, c is null ? "" : RopaText.Customer(c), c is null ? "" : RopaText.Contacts(c), c is null ? "" : RopaText.Instructions(c), c?.Agreement ?? "", e.Processing, string.Join(Join, e.DataSubjects.Select(s => s.Name)), string.Join(Join, e.PersonalData.Select(c => c.Name)),
            string.Join(Join, e.SubProcessors.Select(RopaText.Recipient)), Transfers(e.Transfers),
            string.Join(Join, e.SecurityMeasures), Version(records), Generated(records),
        }));

    private static string Transfers(IReadOnlyList<TransferEntry> transfers) =>
        transfers.Count == 0 ? RopaText.NoTransfers : string.Join(Join, transfers.Select(RopaText.Transfer));

    private static string Version(RecordsOfProcessing r) => r.ModelVersion.ToString(CultureInfo.InvariantCulture);

    private static string Generated(RecordsOfProcessing r) => UtcInstants.Format(r.GeneratedAt);
}
