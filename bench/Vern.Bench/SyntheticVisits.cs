using Vern.Features.Analytics;

namespace Vern.Bench;

/// <summary>
/// One site's raw statistics events, day by day, in the shape a small business site has: visits start through the day
/// (fewer at night), 40 % are one page view (bounces), the rest two or more (about 2.7 page views per visit on
/// average); most page views are followed by an engagement event of a log-normal time (median about 18 s); 200 paths
/// and 30 referring sites with Zipf-like popularity, 45 % of visits from another site, 8 % with a campaign, three
/// device classes, six browsers, two goals. A third of the visitors are consenting browsers who come back (a pool of
/// pseudonyms), the rest cookieless hashes new each day. Deterministic for a seed.
/// </summary>
internal sealed class SyntheticVisits
{
    public const string Site = "shop.example.com";

    private static readonly int[] HourWeights = [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 8, 8, 8, 7, 7, 7, 7, 6, 5, 4, 3];

    private static readonly string[] Referrers =
    [
        "google.com", "duckduckgo.com", "bing.com", "news.ycombinator.com", "reddit.com", "t.co", "linkedin.com", "github.com",
        "ecosia.org", "facebook.com", "mastodon.social", "stackoverflow.com", "youtube.com", "medium.com", "dev.to",
        "lobste.rs", "producthunt.com", "yahoo.com", "en.wikipedia.org", "news.google.com", "substack.com", "instagram.com",
        "qwant.com", "startpage.com", "flipboard.com", "pinterest.com", "quora.com", "baidu.com", "yandex.ru", "slack.com",
    ];

    private static readonly (string Source, string Medium, string Campaign)[] Campaigns =
    [
        ("newsletter", "email", "spring-sale"), ("newsletter", "email", "product-launch"), ("mastodon", "social", "product-launch"),
        ("google", "cpc", "brand"), ("partner", "referral", "webinar-2026"),
    ];

    private static readonly (string Name, int FromVersion, int Versions, int Weight)[] Browsers =
    [
        ("Chrome", 131, 3, 52), ("Safari", 17, 2, 20), ("Edge", 131, 2, 11), ("Firefox", 132, 3, 9), ("Samsung Internet", 26, 2, 5), ("Opera", 114, 2, 3),
    ];

    private const int ReturningPool = 50_000;

    private readonly Random random;
    private readonly string[] paths;
    private readonly double[] pathWeights;
    private readonly double[] referrerWeights;
    private readonly string[] returning;

    public SyntheticVisits(int seed)
    {
        random = new Random(seed);
        string[] named = ["/", "/pricing", "/product", "/blog", "/docs", "/about", "/contact", "/signup", "/login", "/download"];
        paths = [.. named, .. Enumerable.Range(1, 190).Select(i => (i % 3) switch
        {
            0 => $"/blog/post-{i}",
            1 => $"/docs/topic-{i}",
            _ => $"/product/item-{i}",
        })];
        pathWeights = Cumulative(paths.Length, 1.1);
        referrerWeights = Cumulative(Referrers.Length, 1.2);
        returning = [.. Enumerable.Range(0, ReturningPool).Select(_ => Pseudonym())];
    }

    /// <summary>
    /// A day's events, about <paramref name="budget"/> of them and never more, in the order they happened. With
    /// <paramref name="squeezeInto"/>, the whole day's visits are squeezed into that much of it (today, up to now).
    /// </summary>
    public List<AnalyticsEvent> Day(DateOnly day, int budget, TimeSpan? squeezeInto = null)
    {
        var (start, _) = AnalyticsRollups.Bounds(day);
        var span = squeezeInto ?? TimeSpan.FromDays(1);
        var scale = span / TimeSpan.FromDays(1);
        var events = new List<AnalyticsEvent>(budget + 64);
        while (events.Count < budget)
            Visit(events, start, scale);
        if (events.Count > budget)
            events.RemoveRange(budget, events.Count - budget);
        return [.. events.OrderBy(e => e.OccurredAt)];
    }

    private void Visit(List<AnalyticsEvent> events, DateTime dayStart, double scale)
    {
        var hour = Pick(HourWeights);
        var at = TimeSpan.FromHours(hour) + TimeSpan.FromSeconds(random.Next(3600));
        var consenting = random.NextDouble() < 1 / 3.0;
        var visitor = consenting ? returning[random.Next(returning.Length)] : Pseudonym();
        var device = random.NextDouble() switch { < 0.55 => DeviceClass.Desktop, < 0.93 => DeviceClass.Phone, _ => DeviceClass.Tablet };
        var screen = device switch { DeviceClass.Desktop => ScreenClass.Large, DeviceClass.Tablet => ScreenClass.Medium, _ => ScreenClass.Small };
        var (browser, fromVersion, versions, _) = Browsers[Pick(Browsers.Select(b => b.Weight).ToArray())];
        var version = fromVersion + random.Next(versions);
        var referrer = random.NextDouble() < 0.45 ? Referrers[Sample(referrerWeights)] : null;
        var campaign = random.NextDouble() < 0.08 ? Campaigns[random.Next(Campaigns.Length)] : ((string, string, string)?)null;
        var views = random.NextDouble() < 0.4 ? 1 : 2 + Geometric(0.35, 18);
        var goalAt = random.NextDouble() switch { < 0.03 => ("signup", (string?)null), < 0.09 => ("download", """{"file":"brochure.pdf"}"""), _ => default };
        var goalView = random.Next(views);

        AnalyticsEvent Event(AnalyticsEventKind kind, TimeSpan when, string path) => new()
        {
            Site = Site,
            OccurredAt = dayStart + when * scale,
            Kind = kind,
            Visitor = visitor,
            Cookieless = !consenting,
            Path = path,
            Screen = screen,
            Browser = browser,
            BrowserVersion = version,
            Device = device,
        };

        for (var v = 0; v < views && at < TimeSpan.FromDays(1); v++)
        {
            var path = v == 0 && referrer is null && random.NextDouble() < 0.3 ? "/" : paths[Sample(pathWeights)];
            var view = Event(AnalyticsEventKind.PageView, at, path);
            if (v == 0)
            {
                view.ReferrerHost = referrer;
                (view.UtmSource, view.UtmMedium, view.UtmCampaign) = campaign ?? default;
            }
            events.Add(view);
            if (v == goalView && goalAt.Item1 is { } goal)
            {
                var custom = Event(AnalyticsEventKind.Custom, at, path);
                (custom.Name, custom.Props) = (goal, goalAt.Item2);
                events.Add(custom);
            }
            var engaged = TimeSpan.FromMilliseconds(Math.Min(Math.Exp(9.8 + (1.1 * Normal())), TimeSpan.FromMinutes(30).TotalMilliseconds));
            if (random.NextDouble() < 0.85 && at + engaged < TimeSpan.FromDays(1))
            {
                var engagement = Event(AnalyticsEventKind.Engagement, at + engaged, path);
                engagement.EngagedMs = (int)engaged.TotalMilliseconds;
                events.Add(engagement);
            }
            at += engaged + TimeSpan.FromSeconds(2 + random.Next(18));
        }
    }

    /// <summary>A pseudonym as long as Vern's (32 hex digits).</summary>
    private string Pseudonym()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static double[] Cumulative(int count, double exponent)
    {
        var weights = new double[count];
        var sum = 0.0;
        for (var rank = 0; rank < count; rank++)
            weights[rank] = sum += 1 / Math.Pow(rank + 1, exponent);
        return weights;
    }

    private int Sample(double[] cumulative)
    {
        var i = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(i >= 0 ? i : ~i, cumulative.Length - 1);
    }

    private int Pick(int[] weights)
    {
        var x = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
            if ((x -= weights[i]) < 0)
                return i;
        return weights.Length - 1;
    }

    private int Geometric(double p, int max)
    {
        var n = 0;
        while (n < max && random.NextDouble() > p)
            n++;
        return n;
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>How a day's traffic compares with the others: weekends quieter, the site growing by half over the period.</summary>
    public static double Weight(DateOnly day, int index, int days) =>
        (day.DayOfWeek switch { DayOfWeek.Saturday => 0.7, DayOfWeek.Sunday => 0.75, _ => 1.0 }) * (0.8 + (0.4 * index / Math.Max(1, days - 1)));
}
