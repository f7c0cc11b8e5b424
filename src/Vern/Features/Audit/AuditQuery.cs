using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Audit;

internal sealed record AuditFilter(Guid? SubjectId = null, string? Actor = null, string? Action = null, DateTime? From = null, DateTime? To = null, int Limit = 200);

/// <summary>Browsing the audit trail, newest first.</summary>
internal static class AuditQuery
{
    public static async Task<List<AuditEntry>> Handle(AppDb db, AuditFilter filter, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (filter.SubjectId is { } subject)
            query = query.Where(e => e.SubjectId == subject);
        if (!string.IsNullOrWhiteSpace(filter.Actor))
            query = query.Where(e => e.Actor == filter.Actor.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Action))
            query = query.Where(e => e.Action == filter.Action.Trim());
        if (filter.From is { } from)
            query = query.Where(e => e.At >= DateTime.SpecifyKind(from.Date, DateTimeKind.Utc));
        if (filter.To is { } to)
            query = query.Where(e => e.At < DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc));
        return await query.OrderByDescending(e => e.Sequence).Take(Math.Clamp(filter.Limit, 1, 1000)).ToListAsync(ct);
    }
}
