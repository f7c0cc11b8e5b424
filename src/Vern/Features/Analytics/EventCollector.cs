using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Vern.Features.Model;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Analytics;

/// <summary>
/// Turns a batch from the tracker into events fit to store: checked field by field, the site one Vern counts, the
/// visitor a pseudonym of an issued visitor id or a cookieless site's daily hash, the address masked and the browser's
/// header reduced before the events are queued. The processing gate (the visitor's consent to the statistics purpose)
/// is asked by <see cref="AnalyticsWriter"/> as it stores them, for a whole batch at once. A batch Vern may not count
/// (no consent, a robot) is accepted and dropped, so the answer tells nobody what the visitor chose.
/// </summary>
internal sealed class EventCollector(
    ModelStore models, AnalyticsSites sites, AnalyticsQueue queue, DailySalts salts, VisitorIds visitorIds, TimeProvider time)
{
    public const int MaxEvents = 25;
    private const int MaxProps = 10;
    private const int MaxPropText = 100;
    private const long MaxEngagedMs = 24L * 60 * 60 * 1000;

    public Dictionary<string, string[]> Validate(EventBatchInput input, out List<AnalyticsEvent> events)
    {
        var errors = new Dictionary<string, string[]>();
        events = [];
        if (input.Events is not { Count: > 0 and <= MaxEvents } list)
        {
            errors["events"] = [$"events must be a list of 1 to {MaxEvents} events."];
            return errors;
        }
        if (input.VisitorId is { } visitorId && !VisitorIds.IsWellFormed(visitorId))
            errors["visitorId"] = [VisitorIds.NotIssued];
        // Once per batch: the sites come from the definition and configuration, parsed as addresses.
        var counted = sites.All();
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"events[{i}]";
            if (list[i] is not { } e)
            {
                errors[field] = ["Each event must be an object."];
                continue;
            }
            if (!WireNames.TryParse<AnalyticsEventKind>(e.Type, out var kind))
                errors[field + ".type"] = [$"type must be one of: {string.Join(", ", WireNames.All<AnalyticsEventKind>())}."];
            if (!Uri.TryCreate(e.Url, UriKind.Absolute, out var page) || page.Scheme is not ("http" or "https"))
                errors[field + ".url"] = ["url must be the page's full http or https address."];
            else if (!counted.Contains(page.Host, StringComparer.OrdinalIgnoreCase))
                errors[field + ".url"] = [$"Vern does not count visits to {page.Host}: it is not one of the definition's sites."];
            if (e.Screen is < 0 or > 100_000)
                errors[field + ".screen"] = ["screen must be the viewport's width in CSS pixels."];
            if (kind == AnalyticsEventKind.Engagement && e.EngagedMs is not (>= 0 and <= MaxEngagedMs))
                errors[field + ".engagedMs"] = ["An engagement event needs engagedMs: the milliseconds the page was visible, at most a day."];
            if (kind == AnalyticsEventKind.Custom && (e.Name is not { Length: > 0 and <= AnalyticsEvent.MaxName } name || name.Any(char.IsControl)))
                errors[field + ".name"] = [$"An event needs a name of 1 to {AnalyticsEvent.MaxName} characters."];
            var props = kind == AnalyticsEventKind.Custom ? Props(e.Props, field + ".props", errors) : null;
            if (errors.Count > 0 || page is null)
                continue;
            events.Add(new AnalyticsEvent
            {
                Kind = kind,
                Site = page.Host.ToLowerInvariant(),
                Path = page.AbsolutePath.Length > AnalyticsEvent.MaxPath ? page.AbsolutePath[..AnalyticsEvent.MaxPath] : page.AbsolutePath,
                ReferrerHost = ReferrerHost(e.Referrer, page.Host),
                UtmSource = Campaign(page, "utm_source"),
                UtmMedium = Campaign(page, "utm_medium"),
                UtmCampaign = Campaign(page, "utm_campaign"),
                Screen = e.Screen switch { null => ScreenClass.Unknown, < 768 => ScreenClass.Small, < 1024 => ScreenClass.Medium, _ => ScreenClass.Large },
                EngagedMs = kind == AnalyticsEventKind.Engagement ? (int)e.EngagedMs!.Value : null,
                Name = kind == AnalyticsEventKind.Custom ? e.Name : null,
                Props = props,
            });
        }
        if (errors.Count > 0)
            events = [];
        return errors;
    }

    /// <summary>Queues the events of a browser Vern issued an id to, or of a cookieless site's visitor.</summary>
    public async Task CollectAsync(List<AnalyticsEvent> events, string? visitorId, IPAddress? address, string? userAgent, CancellationToken ct)
    {
        if (models.Current.Model.Analytics is not { } analytics || ReducedUserAgent.From(userAgent) is not { } browser)
            return;
        // Masked first: from here on only the network exists.
        var network = MaskedNetwork.Of(address, analytics.Ipv4Prefix, analytics.Ipv6Prefix) ?? "unknown";
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var site in events.GroupBy(e => e.Site))
        {
            var cookieless = analytics.CookielessSites.Contains(site.Key);
            var visitor = cookieless
                ? DailySalts.Visitor(await salts.TodayAsync(ct), site.Key, network, userAgent!)
                : visitorIds.IsIssued(visitorId) ? visitorIds.AnalyticsId(visitorId!) : null;
            if (visitor is null)
                continue;
            foreach (var e in site)
            {
                e.Visitor = visitor;
                e.Cookieless = cookieless;
                e.OccurredAt = now;
                e.Browser = browser.Browser;
                e.BrowserVersion = browser.Version;
                e.Device = browser.Device;
                await queue.AddAsync(e, cookieless ? null : visitorId, ct);
            }
        }
    }

    private static string? ReferrerHost(string? referrer, string site) =>
        Uri.TryCreate(referrer, UriKind.Absolute, out var from) && from.Scheme is "http" or "https"
        && !string.Equals(from.Host, site, StringComparison.OrdinalIgnoreCase) && from.Host.Length <= AnalyticsEvent.MaxHost
            ? from.Host.ToLowerInvariant()
            : null;

    private static string? Campaign(Uri page, string parameter) =>
        QueryHelpers.ParseQuery(page.Query).TryGetValue(parameter, out var values) && values.ToString() is { Length: > 0 } value
            ? value.Length > AnalyticsEvent.MaxCampaign ? value[..AnalyticsEvent.MaxCampaign] : value
            : null;

    private static string? Props(JsonElement? props, string field, Dictionary<string, string[]> errors)
    {
        if (props is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } element)
            return null;
        var valid = element.ValueKind == JsonValueKind.Object
            && element.EnumerateObject().Count() <= MaxProps
            && element.EnumerateObject().All(p => p.Name.Length is > 0 and <= 40 && p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!.Length <= MaxPropText,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
                _ => false,
            });
        var text = valid ? element.GetRawText() : null;
        if (text is null || text.Length > AnalyticsEvent.MaxProps)
        {
            errors[field] = [$"props must be an object of at most {MaxProps} properties, each text of at most {MaxPropText} characters, a number or true/false."];
            return null;
        }
        return JsonSerializer.Serialize(element);
    }
}
