using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>Which published version is in force, and the versions before it.</summary>
internal static class PolicyHistory
{
    /// <summary>The newest published version whose effective date has come, in the language or else the default one.</summary>
    public static async Task<PolicyVersion?> Current(AppDb db, TimeProvider time, string language, CancellationToken ct)
    {
        var today = OsloCalendar.Today(time);
        foreach (var lang in new[] { language, Languages.Default }.Distinct())
        {
            var current = await db.PolicyVersions.AsNoTracking()
                .Where(v => v.Language == lang && v.Status == PolicyStatus.Published && v.EffectiveDate <= today)
                .OrderByDescending(v => v.EffectiveDate).ThenByDescending(v => v.Number)
                .FirstOrDefaultAsync(ct);
            if (current is not null)
                return current;
        }
        return null;
    }

    public static Task<List<PolicyVersion>> Published(AppDb db, string language, CancellationToken ct) =>
        db.PolicyVersions.AsNoTracking()
            .Where(v => v.Language == language && v.Status == PolicyStatus.Published)
            .OrderByDescending(v => v.Number)
            .ToListAsync(ct);

    /// <summary>The published version this one replaced, to compare against.</summary>
    public static Task<PolicyVersion?> Previous(AppDb db, PolicyVersion version, CancellationToken ct) =>
        db.PolicyVersions.AsNoTracking()
            .Where(v => v.Language == version.Language && v.Status == PolicyStatus.Published && v.Number < version.Number)
            .OrderByDescending(v => v.Number)
            .FirstOrDefaultAsync(ct);
}
