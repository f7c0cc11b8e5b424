using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Analytics;

/// <summary><c>POST /api/v1/analytics/events</c>: a batch of page views, engaged time and goals from the tracker.</summary>
internal static class CollectEvents
{
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    // The tracker sends with navigator.sendBeacon, which posts text/plain so that no preflight is needed: the body is
    // read as JSON whatever its declared type.
    public static async Task<Results<Accepted, ValidationProblem>> Post(HttpContext context, EventCollector collector, CancellationToken ct)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var length = await BoundedBody.ReadAsync(context.Request, buffer, MaxBodyBytes, ct);
        EventBatchInput? input;
        try
        {
            input = JsonSerializer.Deserialize<EventBatchInput>(buffer.AsSpan(0, length), Json);
        }
        catch (JsonException e)
        {
            var field = e.Path is ['$', '.', .. var name] && name.Length > 0 ? name : "body";
            return Invalid(field, field == "body" ? "The body must be a JSON object with a list of events, and optionally visitorId." : $"{field} has the wrong type.");
        }
        if (input is null)
            return Invalid("body", "The body must be a JSON object.");
        var errors = collector.Validate(input, out var events);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The events were not recorded.");
        await collector.CollectAsync(events, input.VisitorId, context.Connection.RemoteIpAddress, context.Request.Headers.UserAgent.ToString(), ct);
        return TypedResults.Accepted((string?)null);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The events were not recorded.");
}
