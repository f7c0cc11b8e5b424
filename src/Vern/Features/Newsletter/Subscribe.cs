using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Newsletter;

/// <summary><c>POST /api/v1/newsletter/subscriptions</c>: a sign-up from a website's own form or backend.</summary>
internal static class Subscribe
{
    public const int MaxBodyBytes = 4 * 1024;

    private static readonly JsonBodyAnswers Answers = new(
        "The sign-up was not recorded.",
        "The body must be a JSON object with the fields email and language, and optionally visitorId.",
        field => $"{field} must be text.");

    public static async Task<Results<Accepted, ValidationProblem>> Post(HttpRequest request, Subscriptions subscriptions, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (input, problem) = await JsonBody.ReadAsync<SubscriptionInput>(request, MaxBodyBytes, Answers, ct);
        if (input is null)
            return problem!;
        var errors = subscriptions.Validate(input);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: Answers.Title);
        await subscriptions.SubscribeAsync(input, started, ct);
        return TypedResults.Accepted((string?)null);
    }
}
