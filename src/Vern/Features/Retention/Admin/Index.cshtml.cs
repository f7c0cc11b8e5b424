using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Backups;
using Vern.Features.Customers.Closure;
using Vern.Features.Logs;
using Vern.Features.Model;
using Vern.Features.Rights;
using Vern.Features.Staff;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Retention.Admin;

/// <summary>
/// Every retention rule of the definition in force, who carries it out and what each run did: counts only, never which
/// records, so the page shows no personal data. Viewing it reads what is stored (the rules, the holds, the files, the runs'
/// counts); what the next run would dispose of is counted only when someone asks for the dry run, because counting reads
/// every table a rule covers.
/// </summary>
internal sealed class IndexModel(
    AppDb db, ModelStore models, RetentionEngine engine, IEnumerable<IRetentionSource> sources, LogDirectory logs, BackupDirectory backups,
    BackupRetention keptBackups, IAuthorizationService authorization, TimeProvider time) : PageModel
{
    public const int Runs = 30;

    public IReadOnlyList<RuleRow> Rules { get; private set; } = [];
    public IReadOnlyList<FilesRow> Files { get; private set; } = [];
    public IReadOnlyList<RunRow> RecentRuns { get; private set; } = [];
    /// <summary>Ended licences whose data Vern has the product return and delete, those still under way first.</summary>
    public IReadOnlyList<ClosureRow> Closures { get; private set; } = [];
    /// <summary>Whether the customers' names lead to their pages: auditors read this page but not customers'.</summary>
    public bool LinksCustomers { get; private set; }
    /// <summary>Holds privacy officers placed by hand (<see cref="PlaceHold"/>), in force.</summary>
    public int StaffHolds { get; private set; }

    /// <summary>What the next run would dispose of, per rule and source; null until a dry run is asked for.</summary>
    public IReadOnlyDictionary<(string Rule, string Source), int>? Due { get; private set; }
    public DateTimeOffset DueAt { get; private set; }

    public Task OnGetAsync() => LoadAsync(HttpContext.RequestAborted);

    /// <summary>The dry run: the page, and what the next run would dispose of as of now, without touching anything.</summary>
    public async Task OnPostDryRunAsync()
    {
        var ct = HttpContext.RequestAborted;
        DueAt = time.GetUtcNow();
        Due = await engine.DryRunAsync(ct);
        await LoadAsync(ct);
    }

    /// <summary>What the dry run found due under <paramref name="rule"/>, per source: "subjects 3, consent 10,000 or more".</summary>
    public string DueUnder(RuleRow rule) => string.Join(", ", rule.Sources.Select(source =>
    {
        var count = Due?.GetValueOrDefault((rule.Id, source)) ?? 0;
        return count >= RetentionEngine.DryRunLimit ? $"{source} {count:N0} or more" : $"{source} {count}";
    }));

    private async Task LoadAsync(CancellationToken ct)
    {
        var model = models.Current.Model;
        var holds = await db.SubjectHolds.Where(h => h.ReleasedAt == null).GroupBy(h => h.Rule).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Rules = [.. model.Retention.Select(rule => new RuleRow(
            rule.Id,
            rule.Description[Languages.English],
            rule.CarriedOutElsewhere ? rule.CarriedOutBy[Languages.English] : null,
            model.Purposes.Where(p => p.Retention == rule.Id).Select(p => p.Id).ToList(),
            [.. RetentionPlan.CarryingOut(model, rule, sources).Select(s => s.Name)],
            holds.GetValueOrDefault(rule.Id)))];

        StaffHolds = holds.GetValueOrDefault(PlaceHold.Rule);
        var logFiles = logs.List();
        var backupFiles = await keptBackups.KeptAsync(ct);
        Files =
        [
            new FilesRow("logs", model.RuleFor("logs")?.Id, LogDirectory.Setting, logs.Path, logFiles.Count, logFiles.Count == 0 ? null : logFiles[0].Day),
            new FilesRow("backups", model.RuleFor("backups")?.Id, BackupDirectory.Setting, backups.Path, backupFiles.Count,
                backupFiles.Count == 0 ? null : DateOnly.FromDateTime(backupFiles[0].Manifest.CreatedAt.UtcDateTime)),
        ];

        LinksCustomers = (await authorization.AuthorizeAsync(User, StaffPolicies.ManageCustomers)).Succeeded;
        Closures = await db.LicenceClosures.AsNoTracking()
            .Join(db.Customers, l => l.CustomerId, c => c.Id, (l, c) => new { l, c.Organisation })
            .OrderBy(x => x.l.Stage == ClosureStage.Deleted).ThenBy(x => x.l.DeleteBy).Take(Runs)
            .Select(x => new ClosureRow(x.l.CustomerId, x.Organisation, x.l.LicenceEnd, x.l.ExportUntil, x.l.DeleteBy, x.l.Stage, x.l.Attempts, x.l.EscalatedAt != null, x.l.DeletedAt))
            .ToListAsync(ct);

        var runs = await db.RetentionRuns.AsNoTracking().OrderByDescending(r => r.Day).Take(Runs).ToListAsync(ct);
        var ids = runs.Select(r => r.Id).ToList();
        var counts = await db.RetentionDisposals.AsNoTracking().Where(d => ids.Contains(d.RunId)).ToListAsync(ct);
        RecentRuns = [.. runs.OrderBy(r => r.Day).Select(r => new RunRow(r.Day, r.StartedAt, r.FinishedAt,
            [.. counts.Where(c => c.RunId == r.Id).OrderBy(c => c.Rule).ThenBy(c => c.Source).Select(c => (c.Rule, c.Source, c.Count))]))];
    }

    /// <param name="CarriedOutBy">The system that disposes of the records instead of Vern, in its own words.</param>
    /// <param name="Sources">The sources of Vern's that carry the rule out.</param>
    /// <param name="Holds">Holds in force that this rule placed.</param>
    public sealed record RuleRow(string Id, string Description, string? CarriedOutBy, IReadOnlyList<string> Purposes, IReadOnlyList<string> Sources, int Holds);

    /// <param name="Kind">Which of Vern's own files: <c>logs</c> or <c>backups</c>.</param>
    /// <param name="Rule">The rule the definition keeps them under; none when it names none, and then nothing deletes them.</param>
    /// <param name="Directory">Where they are; null when the setting is not configured.</param>
    /// <param name="Oldest">The day the oldest kept file was started, in Oslo (logs), or taken, in UTC as its name says (backups).</param>
    public sealed record FilesRow(string Kind, string? Rule, string Setting, string? Directory, int Count, DateOnly? Oldest);

    /// <param name="Escalated">Whether the privacy officers were told that the current task (export or deletion) keeps failing.</param>
    public sealed record ClosureRow(Guid CustomerId, string Organisation, DateOnly LicenceEnd, DateOnly ExportUntil, DateOnly DeleteBy, ClosureStage Stage, int Attempts, bool Escalated, DateTime? DeletedAt);

    public sealed record RunRow(DateOnly Day, DateTime StartedAt, DateTime? FinishedAt, IReadOnlyList<(string Rule, string Source, int Count)> Disposed)
    {
        public int Total => Disposed.Sum(d => d.Count);
    }
}
