using System.Text.Json;

namespace Vern.Features.Analytics;

/// <summary>The body of <c>POST /api/v1/analytics/events</c>, as the tracker sends it.</summary>
/// <param name="VisitorId">The visitor id from the banner's <c>vern_consent</c> cookie; absent in cookieless mode.</param>
internal sealed record EventBatchInput(string? VisitorId, List<EventInput?>? Events);

/// <param name="Type"><c>pageview</c>, <c>engagement</c> or <c>event</c>.</param>
/// <param name="Url">The page's full address; only its path and campaign parameters are kept.</param>
/// <param name="Referrer">The referring page; only its host is kept.</param>
/// <param name="Screen">The viewport's width in CSS pixels; only its class is kept.</param>
/// <param name="EngagedMs">For <c>engagement</c>: how long the page was visible.</param>
/// <param name="Name">For <c>event</c>: the goal's name.</param>
/// <param name="Props">For <c>event</c>: up to ten properties, each text, a number or true/false.</param>
internal sealed record EventInput(string? Type, string? Url, string? Referrer, int? Screen, long? EngagedMs, string? Name, JsonElement? Props);
