using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Centre;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Analytics.Admin;

/// <summary>
/// The statistics of one site over a range of days, beside the period of the same length before it, with a CSV of the
/// figures shown, in English or Norwegian (<c>?lang=</c>, else the browser's languages). Counts only: no visitor is
/// named anywhere on the page or in the file.
/// </summary>
internal sealed class IndexModel(AnalyticsFigures figures, AnalyticsSites sites, LiveDays liveDays, TimeProvider time) : PageModel
{
    public const int DefaultDays = 30;
    public const int MaxDays = 400;

    [BindProperty(SupportsGet = true)] public string? Site { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public IReadOnlyList<string> Sites { get; private set; } = [];
    public SiteFigures? Figures { get; private set; }
    public SiteFigures? Previous { get; private set; }

    /// <summary>How old today's figures may be, in seconds, when the range includes today; otherwise null.</summary>
    public int? TodayAge { get; private set; }
    public Dictionary<string, string[]> Errors { get; } = [];
    public string Lang { get; private set; } = Languages.Default;
    public StatisticsTexts T => Text<StatisticsTexts>.In(Lang);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (!await LoadAsync() || Figures is not { } f)
            return Page();
        List<IReadOnlyList<string?>> rows =
        [
            Row("total", "visitors", f.Visitors), Row("total", "visits", f.Visits), Row("total", "page views", f.PageViews),
            ["total", "bounce rate", "", f.BounceRate?.ToString("0.####", CultureInfo.InvariantCulture)],
            ["total", "median engaged seconds", "", f.MedianEngaged?.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)],
        ];
        rows.AddRange(f.Days.SelectMany(d => new[] { Row("day visitors", d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Visitors), Row("day page views", d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.PageViews) }));
        rows.AddRange(f.Hours.SelectMany(h => new[] { Row("hour visitors", h.Hour.ToString("yyyy-MM-ddTHH:00Z", CultureInfo.InvariantCulture), h.Visitors), Row("hour page views", h.Hour.ToString("yyyy-MM-ddTHH:00Z", CultureInfo.InvariantCulture), h.PageViews) }));
        foreach (var (dimension, _, _, list) in Tables(f, T))
            rows.AddRange(list.Select(r => Row(dimension.ToWire(), r.Value, Measure(dimension, r))));
        rows.AddRange(f.Goals.Select(g => (IReadOnlyList<string?>)["goal", g.Name, g.Converted.ToString(CultureInfo.InvariantCulture), g.Rate.ToString("0.####", CultureInfo.InvariantCulture)]));
        var name = $"statistics-{f.Site}-{f.From:yyyy-MM-dd}-{f.To:yyyy-MM-dd}.csv";
        return File(System.Text.Encoding.UTF8.GetBytes(CsvWriter.Write(["dimension", "value", "count", "rate"], rows)), "text/csv", name);
    }

    /// <summary>The top lists in the order the page shows them: the dimension, the table's caption and its first column.</summary>
    public static IEnumerable<(AnalyticsDimension Dimension, string Caption, string Column, IReadOnlyList<AnalyticsDay> Rows)> Tables(SiteFigures f, StatisticsTexts t) =>
    [
        (AnalyticsDimension.Page, t.TopPages, t.Page, f.Pages),
        (AnalyticsDimension.Entry, t.TopEntries, t.EntryPage, f.Entries),
        (AnalyticsDimension.Exit, t.TopExits, t.ExitPage, f.Exits),
        (AnalyticsDimension.Referrer, t.TopReferrers, t.Referrer, f.Referrers),
        (AnalyticsDimension.Source, t.TopSources, t.Source, f.Sources),
        (AnalyticsDimension.Campaign, t.TopCampaigns, t.Campaign, f.Campaigns),
        (AnalyticsDimension.Device, t.Devices, t.Device, f.Devices),
        (AnalyticsDimension.Browser, t.Browsers, t.Browser, f.Browsers),
    ];

    /// <summary>The change from the period before, as "+25 % on the 30 days before"; empty when there is nothing to compare with.</summary>
    public string Change(double now, double before) => before == 0 || Figures is not { } f ? ""
        : string.Format(CultureInfo.InvariantCulture, T.Change, $"{(now >= before ? "+" : "−")}{Math.Abs(now - before) / before:P0}", f.Days.Count);

    /// <summary>The change of a rate, in percentage points.</summary>
    public string ChangeOfRate(double? now, double? before) => now is not { } n || before is not { } b || Figures is not { } f ? ""
        : string.Format(CultureInfo.InvariantCulture, T.ChangePoints, $"{(n >= b ? "+" : "−")}{Math.Abs(n - b) * 100:0}", f.Days.Count);

    /// <summary>What a list ranks by: page views for pages, visits for the rest.</summary>
    public static int Measure(AnalyticsDimension dimension, AnalyticsDay row) => dimension == AnalyticsDimension.Page ? row.PageViews : row.Visits;

    private static IReadOnlyList<string?> Row(string dimension, string value, int count) => [dimension, value, count.ToString(CultureInfo.InvariantCulture), null];

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Lang = CentreLanguage.Resolve(Request);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var to = Date(To, "To") ?? today;
        var from = Date(From, "From") ?? to.AddDays(1 - DefaultDays);
        if (Errors.Count == 0 && from > to)
            Errors["From"] = [T.FromAfterTo];
        else if (Errors.Count == 0 && to.DayNumber - from.DayNumber >= MaxDays)
            Errors["From"] = [string.Format(CultureInfo.InvariantCulture, T.RangeTooLong, MaxDays)];
        Sites = sites.All();
        if (Site is not { Length: > 0 } || !Sites.Contains(Site))
        {
            Site = Sites[0];
            foreach (var site in Sites)
                if (await figures.AnyAsync(site, from, to, ct))
                {
                    Site = site;
                    break;
                }
        }
        (From, To) = (from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Errors.Count > 0)
            return false;
        (Figures, Previous) = await figures.WithPreviousAsync(Site, from, to, ct);
        TodayAge = to >= today ? (int)liveDays.LiveFor.TotalSeconds : null;
        return true;
    }

    private DateOnly? Date(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        Errors[field] = [T.DayFormat];
        return null;
    }
}
