using System.Globalization;
using System.Text;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;

namespace Vern.Features.Ropa;

/// <summary>The files the records are exported as.</summary>
internal enum RopaFile { Json, ControllerCsv, ProcessorCsv }

/// <summary>Exports the records of the model in force, for the console downloads and the <c>ropa</c> verb alike.</summary>
internal static class RopaExport
{
    /// <summary>
    /// The records of the model in force and today's customers; <paramref name="contactsViewer"/> names the staff member
    /// (or "cli") who may see the customers' contacts, each view audited, or is null to withhold them.
    /// </summary>
    public static async Task<RecordsOfProcessing> CurrentAsync(ModelStore store, RopaCustomers customers, string? contactsViewer, TimeProvider time, CancellationToken ct)
    {
        var current = store.Current;
        return RopaBuilder.Build(current.Model, current.Version, time.GetUtcNow().UtcDateTime, await customers.ReadAsync(contactsViewer, ct));
    }

    /// <summary>The file's content, UTF-8 without a byte-order mark.</summary>
    public static byte[] Render(RecordsOfProcessing records, RopaFile file) => Encoding.UTF8.GetBytes(file switch
    {
        RopaFile.Json => RopaJson.Serialize(records),
        RopaFile.ControllerCsv => RopaCsv.Controller(records),
        RopaFile.ProcessorCsv => RopaCsv.Processor(records),
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, null),
    });

    public static string ContentType(RopaFile file) =>
        file == RopaFile.Json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8; header=present";

    /// <summary>Names the record, model version and date, so downloads of different versions do not overwrite each other.</summary>
    public static string FileName(RecordsOfProcessing records, RopaFile file)
    {
        var stem = string.Create(CultureInfo.InvariantCulture, $"ropa-v{records.ModelVersion}-{records.GeneratedAt:yyyy-MM-dd}");
        return file switch
        {
            RopaFile.Json => stem + ".json",
            RopaFile.ControllerCsv => stem + "-controller.csv",
            _ => stem + "-processor.csv",
        };
    }

    /// <summary>
    /// Records who exported which file of which model version. The records hold no personal data,
    /// but what was handed to a regulator, and when, is worth being able to show.
    /// </summary>
    public static async Task AuditAsync(AppDb db, TimeProvider time, string actor, RecordsOfProcessing records, RopaFile file, CancellationToken ct)
    {
        var format = file switch
        {
            RopaFile.Json => "json",
            RopaFile.ControllerCsv => "csv (controller record)",
            _ => "csv (processor record)",
        };
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "ropa.exported", details: string.Create(CultureInfo.InvariantCulture, $"{format}, model version {records.ModelVersion}")));
        await db.SaveChangesAsync(ct);
    }
}
