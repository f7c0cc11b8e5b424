using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter.Campaigns;
using Vern.Features.Policies.Notices;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Policies.Admin;

internal sealed class VersionModel(AppDb db, ModelStore models, ChangeNotices notices, CampaignFigures figures, TimeProvider time) : PageModel
{
    /// <summary>The purposes a notice can go to, the touched ones pre-selected.</summary>
    public IReadOnlyList<NoticeGroup> Groups { get; private set; } = [];
    public int NoticeDays => notices.Days;
    /// <summary>The published version's notice and what became of its messages.</summary>
    public Campaign? Notice { get; private set; }
    public CampaignCounts? NoticeCounts { get; private set; }
    public IReadOnlyList<(string Reason, int Count)> NoticeProblems { get; private set; } = [];
    public PolicyVersion Version { get; private set; } = null!;
    public PolicyVersion? Previous { get; private set; }
    public IReadOnlyList<DiffLine> Diff { get; private set; } = [];
    public string Html { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    /// <param name="published">Set by the redirect after publishing, so that reloading the page does not post the form again.</param>
    public async Task<IActionResult> OnGetAsync(int id, bool published = false)
    {
        var page = await LoadAsync(id);
        if (published && Version.Status == PolicyStatus.Published)
            Message = Version.Significant
                ? $"Published; in effect from {Version.EffectiveDate:yyyy-MM-dd}. The notice is being sent; its progress is below."
                : $"Published; in effect from {Version.EffectiveDate:yyyy-MM-dd}.";
        return page;
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, string title, string body)
    {
        var version = await db.PolicyVersions.FirstOrDefaultAsync(v => v.Id == id, HttpContext.RequestAborted);
        if (version is null)
            return NotFound();
        var unknown = PolicyRenderer.UnknownSections(body ?? "");
        if (version.Status != PolicyStatus.Draft)
            Errors = ["A published version cannot change; import a new draft instead."];
        else if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(body))
            Errors = ["The title and the text are required."];
        else if (unknown.Count > 0)
            Errors = [$"'{{{{vern:{unknown[0]}}}}}' is not a generated section; use one of: {string.Join(", ", GeneratedSections.Names)}."];
        else
        {
            version.Title = title.Trim();
            version.Markdown = body!.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            db.AuditEntries.Add(AuditEntry.Create(time, User.Identity!.Name!, "policy.edited", details: $"{version.Language} version {version.Number}"));
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            Message = "Draft saved.";
        }
        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostPublishAsync(int id, DateOnly? effectiveDate, bool significant, string? summary, string[]? noticeTo, string? reason)
    {
        if (effectiveDate is null)
            Errors = ["Give the date the version takes effect."];
        else
        {
            var publication = new Publication(effectiveDate.Value, significant, summary, noticeTo ?? [], reason);
            Errors = await PublishPolicy.Handle(db, notices, time, id, publication, User.Identity!.Name!, HttpContext.RequestAborted);
            if (Errors.Count == 0)
                return Redirect($"/admin/policies/{id}?published=true");
        }
        return await LoadAsync(id);
    }

    private async Task<IActionResult> LoadAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        var version = await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (version is null)
            return NotFound();
        Version = version;
        Today = OsloCalendar.Today(time);
        Previous = await PolicyHistory.Previous(db, version, ct);
        if (Previous is not null)
            Diff = PolicyDiff.Compare(Previous.Markdown, version.Markdown);
        Html = await PolicyRenderer.ToHtmlAsync(version.Markdown, models.Current.Model, version.Language);
        if (version.Status == PolicyStatus.Draft)
            Groups = await notices.GroupsAsync(version, Previous is null ? PolicyDiff.Compare("", version.Markdown) : Diff, ct);
        else if ((await notices.OfAsync([version.Id], ct)).GetValueOrDefault(version.Id) is { } notice)
        {
            Notice = notice;
            NoticeCounts = (await figures.CountsAsync([notice.Id], ct)).GetValueOrDefault(notice.Id);
            NoticeProblems = await figures.ReasonsAsync(notice.Id, ct);
        }
        return Page();
    }
}
