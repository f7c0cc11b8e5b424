using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Rights;

/// <summary>
/// GDPR Art. 19: after an erasure, a rectification or a restriction, every recipient the person's
/// data was disclosed to must be told, unless that is impossible or takes disproportionate effort.
/// Recipients reached by a connector were told by the connector itself; for the others Vern records a task on the case
/// (<c>recipient:&lt;id&gt;</c>, status <see cref="SourceStatus.Notify"/>) that staff close once they have told them.
/// </summary>
internal static class RecipientNotices
{
    public const string Prefix = "recipient:";

    /// <summary>The category under which Vern knows the person who asks: by e-mail address.</summary>
    private const string ContactDetails = "contact-details";

    /// <summary>
    /// The recipients that may hold this person's data. Vern finds the person by their contact details,
    /// so the recipients that can hold data about them are those of the purposes that process contact
    /// details; a purpose without them (site statistics by a random visitor id, say) cannot be tied to the
    /// person who asked. Of those, processors and other controllers are told. Sub-processors are left
    /// out: they act for a processor, which passes the instruction on (Art. 28(4)), or they host Vern
    /// itself, whose erasure already reaches them. Public authorities receiving data under a legal
    /// obligation are not recipients in the sense of Art. 4(9), and what the law made us send them stays.
    /// </summary>
    /// <param name="told">The sources that carried the change out themselves; their recipients need no task.</param>
    /// <param name="type">The request; an objection concerns only the recipients of direct-marketing purposes,
    /// which are the ones that could still market to the person.</param>
    public static IReadOnlyList<Recipient> Qualifying(PrivacyModel model, IEnumerable<IPersonalDataSource> told, RightsRequestType type = RightsRequestType.Erasure)
    {
        var contactPurposes = model.Purposes.Where(p => p.Categories.Contains(ContactDetails)).ToList();
        // A model without the category cannot tell which purposes reach the person: then every purpose counts.
        var purposes = type == RightsRequestType.Objection ? model.Purposes.Where(p => p.IsDirectMarketing).ToList()
            : contactPurposes.Count > 0 ? contactPurposes : model.Purposes;
        var ids = purposes.SelectMany(p => p.Recipients).ToHashSet(StringComparer.Ordinal);
        var connectors = told.Where(s => s.External).Select(s => s.Name).ToList();
        return [.. model.Recipients
            .Where(r => ids.Contains(r.Id) && r.Role is RecipientRole.Processor or RecipientRole.Controller)
            .Where(r => !connectors.Any(c => HasConnector(r, c)))];
    }

    /// <summary>
    /// A connector is registered under the recipient's id or name, or under a product of it
    /// ("google-analytics" for the recipient "google").
    /// </summary>
    private static bool HasConnector(Recipient recipient, string connector) =>
        string.Equals(connector, recipient.Id, StringComparison.OrdinalIgnoreCase)
        || string.Equals(connector, recipient.Name, StringComparison.OrdinalIgnoreCase)
        || connector.StartsWith(recipient.Id + "-", StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds a task per qualifying recipient to <paramref name="db"/>; the caller saves.</summary>
    public static void Add(AppDb db, TimeProvider time, RightsRequest request, PrivacyModel model, IEnumerable<IPersonalDataSource> told)
    {
        var what = request.Type switch
        {
            RightsRequestType.Rectification or RightsRequestType.Restriction => request.Type.ToWire(),
            RightsRequestType.Objection => "objection to direct marketing",
            _ => "erasure",
        };
        // Art. 19 does not name objection, but a recipient that markets on its own would otherwise go on.
        var law = request.Type == RightsRequestType.Objection ? "Art. 21(3)" : "Art. 19";
        foreach (var recipient in Qualifying(model, told, request.Type))
        {
            db.RequestSourceResults.Add(new RequestSourceResult
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                RequestId = request.Id,
                Source = CaseText.Truncate(Prefix + recipient.Id, 64),
                Status = SourceStatus.Notify,
                Detail = CaseText.Truncate($"Tell {recipient.Name} of the {what} ({law})", 1000),
            });
        }
    }

    /// <summary>Staff told the recipient and it acknowledged; returns null when recorded, otherwise why not.</summary>
    public static async Task<string?> MarkToldAsync(AppDb db, TimeProvider time, Guid requestId, string? source, string actor, CancellationToken ct)
    {
        var request = await db.RightsRequests.FindAsync([requestId], ct);
        if (request is null)
            return "There is no such request.";
        var task = source is null ? null : await db.RequestSourceResults.FirstOrDefaultAsync(r => r.RequestId == requestId && r.Source == source, ct);
        if (task is null || !task.Source.StartsWith(Prefix, StringComparison.Ordinal))
            return "There is no such recipient to tell on this request.";
        if (task.Status != SourceStatus.Notify)
            return "This recipient was already marked as told.";
        var now = time.GetUtcNow().UtcDateTime;
        task.Status = SourceStatus.Done;
        task.Attempts++;
        task.CompletedAt = now;
        task.AcknowledgedAt = now;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "recipient.notified", request.SubjectId, details: $"{task.Source[Prefix.Length..]} of the {request.Type.ToWire()} {request.Id}", requestId: request.Id));
        await db.SaveChangesAsync(ct);
        return null;
    }
}
