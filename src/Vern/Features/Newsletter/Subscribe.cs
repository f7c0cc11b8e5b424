using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Newsletter;

/// <summary><c>POST /api/v1/newsletter/subscriptions</c>: a sign-up from a website's own form or backend.</summary>
internal static class Subscribe
{
    public const int MaxBodyBytes = 4 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    public static async Task<Results<Accepted, ValidationProblem>> Post(HttpRequest request, Subscriptions subscriptions, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var buffer = new byte[MaxBodyBytes + 1];
        var length = await BoundedBody.ReadAsync(request, buffer, MaxBodyBytes, ct);
        SubscriptionInput? input;
        try
        {
            input = JsonSerializer.Deserialize<SubscriptionInput>(buffer.AsSpan(0, length), Json);
        }
        catch (JsonException e)
        {
            var field = e.Path is ['$', '.', .. var name] && name.Length > 0 ? name : "body";
            return Invalid(field, field == "body"
                ? "The body must be a JSON object with the fields email and language, and optionally visitorId."
                : $"{field} must be text.");
        }
        if (input is null)
            return Invalid("body", "The body must be a JSON object.");
        var errors = subscriptions.Validate(input);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The sign-up was not recorded.");
        await subscriptions.SubscribeAsync(input, started, ct);
        return TypedResults.Accepted((string?)null);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The sign-up was not recorded.");
}
