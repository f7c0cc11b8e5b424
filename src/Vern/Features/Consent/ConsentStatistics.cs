using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Consent;

/// <summary>
/// Consent rates per day: how many decisions were made and what share granted each optional
/// category. Counts only, so staff who may not see anyone's decisions may see these.
/// </summary>
internal static class ConsentStatistics
{
    public static async Task<IReadOnlyList<ConsentDay>> Handle(AppDb db, IReadOnlyList<string> categories, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // Grouped here rather than in SQL: the choices are JSON text, and the two databases date differently.
        var rows = await db.ConsentRecords.AsNoTracking()
            .Where(r => r.RecordedAt >= start && r.RecordedAt < end)
            .Select(r => new { r.RecordedAt, r.Categories })
            .ToListAsync(ct);
        var byDay = rows.ToLookup(r => DateOnly.FromDateTime(r.RecordedAt));
        var days = new List<ConsentDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var decisions = byDay[day].ToList();
            days.Add(new ConsentDay(day, decisions.Count,
                categories.ToDictionary(c => c, c => decisions.Count(d => d.Categories.Contains($"\"{c}\":true", StringComparison.Ordinal)))));
        }
        return days;
    }
}

internal sealed record ConsentDay(DateOnly Day, int Decisions, IReadOnlyDictionary<string, int> Granted)
{
    /// <summary>Whole percent of the day's decisions that granted the category; 0 on a day without any.</summary>
    public int Rate(string category) => Decisions == 0 ? 0 : (int)Math.Round(100.0 * Granted[category] / Decisions);
}
