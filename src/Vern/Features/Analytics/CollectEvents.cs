using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Analytics;

/// <summary><c>POST /api/v1/analytics/events</c>: a batch of page views, engaged time and goals from the tracker.</summary>
internal static class CollectEvents
{
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonBodyAnswers Answers = new(
        "The events were not recorded.",
        "The body must be a JSON object with a list of events, and optionally visitorId.",
        field => $"{field} has the wrong type.");

    // The tracker sends with navigator.sendBeacon, which posts text/plain so that no preflight is needed: the body is
    // read as JSON whatever its declared type.
    public static async Task<Results<Accepted, ValidationProblem>> Post(HttpContext context, EventCollector collector, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<EventBatchInput>(context.Request, MaxBodyBytes, Answers, ct);
        if (input is null)
            return problem!;
        var errors = collector.Validate(input, out var events);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: Answers.Title);
        await collector.CollectAsync(events, input.VisitorId, context.Connection.RemoteIpAddress, context.Request.Headers.UserAgent.ToString(), ct);
        return TypedResults.Accepted((string?)null);
    }
}
