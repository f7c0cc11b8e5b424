using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Retention;

/// <summary>
/// Anonymisation as the retention sources do it: a record becomes one more in its group's total (dates
/// generalised to the month, identifiers and free text dropped), and a group too small to hide its members
/// is suppressed by folding it into a coarser one: first without its label, then without its month.
/// </summary>
internal static class AnonymousTotals
{
    /// <summary>
    /// The smallest group a month's total may describe: below it, someone who knows one of its members
    /// could learn something about them from the total (k-anonymity with k = 5).
    /// </summary>
    public const int MinimumGroup = 5;

    /// <summary>Counts records into their groups; the caller saves, with the deletion of the records.</summary>
    public static async Task AddAsync(AppDb db, string source, IEnumerable<(string Purpose, string Label, DateTime At)> records, CancellationToken ct)
    {
        var totals = await db.AnonymousTotals.Where(t => t.Source == source).ToListAsync(ct);
        foreach (var group in records.GroupBy(r => (r.Purpose, r.Label, Period: Month(r.At))))
            Total(db, totals, source, group.Key.Purpose, group.Key.Label, group.Key.Period).Count += group.Count();
    }

    /// <summary>
    /// Folds every group smaller than <see cref="MinimumGroup"/>: a form's month into the purpose's month,
    /// and a purpose's month into the purpose's total of all time. Called once a run has nothing more to
    /// anonymise under a rule, so a month is judged on everything it received in the run.
    /// </summary>
    public static async Task SuppressSmallGroupsAsync(AppDb db, string source, CancellationToken ct)
    {
        var totals = await db.AnonymousTotals.Where(t => t.Source == source).ToListAsync(ct);
        foreach (var small in totals.Where(t => t.Label.Length > 0 && t.Count < MinimumGroup).ToList())
            Fold(db, totals, small, Total(db, totals, source, small.Purpose, "", small.Period));
        foreach (var small in totals.Where(t => t.Label.Length == 0 && t.Period.Length > 0 && t.Count < MinimumGroup).ToList())
            Fold(db, totals, small, Total(db, totals, source, small.Purpose, "", ""));
    }

    private static void Fold(AppDb db, List<AnonymousTotal> totals, AnonymousTotal small, AnonymousTotal into)
    {
        into.Count += small.Count;
        totals.Remove(small);
        db.AnonymousTotals.Remove(small);
    }

    private static AnonymousTotal Total(AppDb db, List<AnonymousTotal> totals, string source, string purpose, string label, string period)
    {
        var total = totals.FirstOrDefault(t => t.Purpose == purpose && t.Label == label && t.Period == period);
        if (total is null)
        {
            total = new AnonymousTotal { Source = source, Purpose = purpose, Label = label, Period = period };
            totals.Add(total);
            db.AnonymousTotals.Add(total);
        }
        return total;
    }

    private static string Month(DateTime utc) =>
        OsloCalendar.DateOf(utc).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
