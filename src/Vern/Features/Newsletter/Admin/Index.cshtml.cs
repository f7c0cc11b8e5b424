using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Newsletter.Campaigns;

namespace Vern.Features.Newsletter.Admin;

/// <summary>The newsletter at a glance: how many subscribe, and every campaign with its figures. Counts only, never who.</summary>
internal sealed class IndexModel(AppDb db, CampaignFigures figures) : PageModel
{
    public IReadOnlyDictionary<SubscriberStatus, int> Subscribers { get; private set; } = new Dictionary<SubscriberStatus, int>();
    public int Undeliverable { get; private set; }
    public int Suppressed { get; private set; }
    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];
    public IReadOnlyDictionary<Guid, CampaignCounts> Counts { get; private set; } = new Dictionary<Guid, CampaignCounts>();

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Subscribers = await db.Subscribers.GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Undeliverable = await db.Subscribers.CountAsync(s => s.Status == SubscriberStatus.Subscribed && s.UndeliverableAt != null, ct);
        Suppressed = await db.NewsletterSuppressions.CountAsync(ct);
        Campaigns = await db.Campaigns.AsNoTracking().Newsletters().OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
        Counts = await figures.CountsAsync([.. Campaigns.Select(c => c.Id)], ct);
    }
}
