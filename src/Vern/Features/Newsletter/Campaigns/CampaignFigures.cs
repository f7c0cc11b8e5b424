using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>A campaign's figures: how many of its messages stand where, and how many recipients unsubscribed after it.</summary>
internal sealed record CampaignCounts(IReadOnlyDictionary<DeliveryStatus, int> ByStatus, int UnsubscribedAfter)
{
    public int this[DeliveryStatus status] => ByStatus.GetValueOrDefault(status);
}

/// <summary>One day of a campaign: messages handed to the SMTP server, and recipients who unsubscribed, that day (Oslo).</summary>
internal sealed record CampaignDay(DateOnly Day, int Sent, int Unsubscribed);

/// <summary>
/// Counts for the console, never who: messages by status, and recipients who unsubscribed after receiving the campaign
/// (counted while their subscription is kept; the retention rule deletes it 30 days on, and them from this count).
/// </summary>
internal sealed class CampaignFigures(AppDb db)
{
    public async Task<IReadOnlyDictionary<Guid, CampaignCounts>> CountsAsync(IReadOnlyCollection<Guid> campaigns, CancellationToken ct)
    {
        var ids = campaigns.ToList();
        var byStatus = await db.CampaignMessages.Where(m => ids.Contains(m.CampaignId))
            .GroupBy(m => new { m.CampaignId, m.Status }).Select(g => new { g.Key.CampaignId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var unsubscribed = await UnsubscribedAfter(ids).GroupBy(u => u.CampaignId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return ids.ToDictionary(id => id, id => new CampaignCounts(
            byStatus.Where(s => s.CampaignId == id).ToDictionary(s => s.Status, s => s.Count), unsubscribed.GetValueOrDefault(id)));
    }

    /// <summary>Why its messages failed or were skipped, most frequent first, in words that name no one.</summary>
    public async Task<IReadOnlyList<(string Reason, int Count)>> ReasonsAsync(Guid campaign, CancellationToken ct) =>
        [.. (await db.CampaignMessages.Where(m => m.CampaignId == campaign && (m.Status == DeliveryStatus.Failed || m.Status == DeliveryStatus.Skipped) && m.Reason != null)
                .GroupBy(m => m.Reason!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderByDescending(r => r.Count).Select(r => (r.Key, r.Count))];

    /// <summary>The campaign's days, from its first message to its last unsubscribe, with the days between.</summary>
    public async Task<IReadOnlyList<CampaignDay>> DaysAsync(Guid campaign, CancellationToken ct)
    {
        var sent = (await db.CampaignMessages.Where(m => m.CampaignId == campaign && m.SentAt != null).Select(m => m.SentAt!.Value).ToListAsync(ct))
            .CountBy(OsloCalendar.DateOf).ToDictionary();
        var unsubscribed = (await UnsubscribedAfter([campaign]).Select(u => u.At).ToListAsync(ct)).CountBy(OsloCalendar.DateOf).ToDictionary();
        if (sent.Count == 0)
            return [];
        var first = sent.Keys.Min();
        var last = sent.Keys.Concat(unsubscribed.Keys).Max();
        return [.. Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays)
            .Select(day => new CampaignDay(day, sent.GetValueOrDefault(day), unsubscribed.GetValueOrDefault(day)))];
    }

    private IQueryable<Unsubscribe> UnsubscribedAfter(List<Guid> campaigns) =>
        from m in db.CampaignMessages
        join s in db.Subscribers on m.SubscriberId equals s.Id
        where campaigns.Contains(m.CampaignId) && m.SentAt != null && s.UnsubscribedAt >= m.SentAt
        select new Unsubscribe { CampaignId = m.CampaignId, At = s.UnsubscribedAt!.Value };

    // Set by member, not by constructor: EF Core groups and counts over a projection it can see into.
    private sealed class Unsubscribe
    {
        public Guid CampaignId { get; init; }
        public DateTime At { get; init; }
    }
}
