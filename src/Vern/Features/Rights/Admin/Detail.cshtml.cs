using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights.Admin;

/// <summary>One request's case file: dates, state and everything that happened, without the person's data.</summary>
internal sealed class DetailModel(AppDb db, TimeProvider time) : PageModel
{
    public RightsRequest Case { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];
    public IReadOnlyList<RequestSourceResult> Sources { get; private set; } = [];
    /// <summary>Recipients without a connector, told by staff (Art. 19).</summary>
    public IReadOnlyList<RequestSourceResult> Recipients { get; private set; } = [];
    /// <summary>What the last action did, after the redirect that follows a form.</summary>
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    /// <summary>A completed restriction whose person is still restricted: it can be lifted, with notice (Art. 18(3)).</summary>
    public bool StillRestricted { get; private set; }

    /// <summary>A completed objection that still stops legitimate-interest processing: staff may record compelling grounds (Art. 21(1)).</summary>
    public bool ObjectionStands { get; private set; }

    public bool CanExtend => RightsRequestStatus.IsOpen(Case.Status) && Case.ExtendedDueDate is null && Today <= Case.DueDate;

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    internal async Task<bool> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var request = await db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return false;
        Case = request;
        StillRestricted = request.Type == RightsRequestType.Restriction && request.Status == RightsRequestStatus.Completed
            && await db.Subjects.AnyAsync(s => s.Id == request.SubjectId && s.RestrictedAt != null, ct);
        ObjectionStands = request.Type == RightsRequestType.Objection && request.Status == RightsRequestStatus.Completed
            && await db.Subjects.AnyAsync(s => s.Id == request.SubjectId && s.MarketingObjectionAt != null
                && (s.CompellingGroundsAt == null || s.CompellingGroundsAt < s.MarketingObjectionAt), ct);
        Today = OsloCalendar.Today(time);
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(e => e.RequestId == id)
            .Select(e => new { e.At, e.Actor, e.Action, e.Reason, e.Details })
            .ToListAsync(ct);
        var messages = await db.RequestMessages.AsNoTracking().Where(m => m.RequestId == id).ToListAsync(ct);
        var results = await db.RequestSourceResults.AsNoTracking().Where(s => s.RequestId == id).OrderBy(s => s.Source).ToListAsync(ct);
        Recipients = [.. results.Where(s => s.Source.StartsWith(RecipientNotices.Prefix, StringComparison.Ordinal))];
        Sources = [.. results.Except(Recipients)];
        Timeline = audit.Select(e => new TimelineItem(e.At, e.Actor, e.Action, e.Reason ?? e.Details))
            .Concat(messages.Select(m => new TimelineItem(m.SentAt, "Vern", $"e-mail sent: {m.Kind.ToWire()}", $"“{m.Subject}”")))
            .OrderBy(t => t.At)
            .ToList();
        return true;
    }
}

internal sealed record TimelineItem(DateTime At, string Who, string What, string? Note);
