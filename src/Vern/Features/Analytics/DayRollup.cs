namespace Vern.Features.Analytics;

/// <summary>
/// A day's events of one site reduced to counts. A visit is one visitor's events until 30 minutes pass without one;
/// its entry and exit are its first and last page view, its referrer and campaign those of its entry; a bounce is a
/// visit of one page view and no goal; its engaged time is the sum of its engagement events. A visitor is counted once
/// a day per value, a goal's converted visitors are those who reached it. An hour counts its page views and the
/// visitors who viewed a page in it.
/// </summary>
internal static class DayRollup
{
    public static readonly TimeSpan VisitEndsAfter = TimeSpan.FromMinutes(30);

    public static RolledDay Of(string site, DateOnly day, IReadOnlyCollection<AnalyticsEvent> events) => new(Rows(site, day, events), Hours(site, events));

    private static List<AnalyticsHour> Hours(string site, IEnumerable<AnalyticsEvent> events) =>
        [.. events.Where(e => e.Kind == AnalyticsEventKind.PageView)
            .GroupBy(e => new DateTime(e.OccurredAt.Year, e.OccurredAt.Month, e.OccurredAt.Day, e.OccurredAt.Hour, 0, 0, DateTimeKind.Utc))
            .OrderBy(g => g.Key)
            .Select(g => new AnalyticsHour { Site = site, Hour = g.Key, PageViews = g.Count(), Visitors = g.Select(e => e.Visitor).Distinct().Count() })];

    private static List<AnalyticsDay> Rows(string site, DateOnly day, IEnumerable<AnalyticsEvent> events)
    {
        var rows = new Dictionary<(AnalyticsDimension, string), AnalyticsDay>();
        // The rows the current visitor has been counted in: visitors are taken one at a time.
        var countedIn = new HashSet<AnalyticsDay>(ReferenceEqualityComparer.Instance);
        var engaged = new int[EngagedTime.Buckets];
        AnalyticsDay Row(AnalyticsDimension dimension, string value)
        {
            if (!rows.TryGetValue((dimension, value), out var row))
                rows[(dimension, value)] = row = new AnalyticsDay { Site = site, Day = day, Dimension = dimension, Value = value };
            return row;
        }
        AnalyticsDay Visitor(AnalyticsDimension dimension, string value)
        {
            var row = Row(dimension, value);
            if (countedIn.Add(row))
                row.Visitors++;
            return row;
        }

        // Every day with events has its total, which also marks the day as rolled up.
        var total = Row(AnalyticsDimension.Total, "");
        foreach (var visitor in events.GroupBy(e => e.Visitor))
        {
            countedIn.Clear();
            foreach (var visit in Visits(visitor.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)))
            {
                var views = visit.Where(e => e.Kind == AnalyticsEventKind.PageView).ToList();
                var goals = visit.Where(e => e.Kind == AnalyticsEventKind.Custom && e.Name is not null).ToList();
                foreach (var goal in goals)
                    Visitor(AnalyticsDimension.Goal, goal.Name!).Events++;
                if (views.Count == 0)
                    continue;
                var (entry, exit) = (views[0], views[^1]);
                var bounced = views.Count == 1 && goals.Count == 0;
                engaged[EngagedTime.BucketOf(visit.Where(e => e.Kind == AnalyticsEventKind.Engagement).Sum(e => (long)(e.EngagedMs ?? 0)))]++;

                foreach (var (dimension, value) in new (AnalyticsDimension, string?)[]
                {
                    (AnalyticsDimension.Total, ""), (AnalyticsDimension.Entry, entry.Path), (AnalyticsDimension.Referrer, entry.ReferrerHost),
                    (AnalyticsDimension.Source, entry.UtmSource), (AnalyticsDimension.Campaign, entry.UtmCampaign),
                    (AnalyticsDimension.Device, entry.Device.ToString()), (AnalyticsDimension.Browser, entry.Browser),
                })
                {
                    if (value is null)
                        continue;
                    var row = Visitor(dimension, value);
                    row.Visits++;
                    if (bounced)
                        row.Bounces++;
                }
                Visitor(AnalyticsDimension.Exit, exit.Path).Visits++;
                total.PageViews += views.Count;
                foreach (var view in views)
                    Visitor(AnalyticsDimension.Page, view.Path).PageViews++;
            }
        }
        total.EngagedBuckets = EngagedTime.Format(engaged);
        return [.. rows.Values];
    }

    /// <summary>One visitor's events, in order, split where 30 minutes pass without one.</summary>
    private static IEnumerable<List<AnalyticsEvent>> Visits(IEnumerable<AnalyticsEvent> ordered)
    {
        var visit = new List<AnalyticsEvent>();
        foreach (var e in ordered)
        {
            if (visit.Count > 0 && e.OccurredAt - visit[^1].OccurredAt > VisitEndsAfter)
            {
                yield return visit;
                visit = [];
            }
            visit.Add(e);
        }
        if (visit.Count > 0)
            yield return visit;
    }
}

/// <summary>A day of one site rolled up: its rows per dimension and value, and its hours.</summary>
internal sealed record RolledDay(IReadOnlyList<AnalyticsDay> Rows, IReadOnlyList<AnalyticsHour> Hours)
{
    public static readonly RolledDay None = new([], []);
}
