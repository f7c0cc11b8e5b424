using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Requests;

/// <summary>A request forwarded through the API, as the customer's system sends it.</summary>
internal sealed record ForwardBody(string? Kind, string? EndUser, string? Details);

/// <summary>A forwarded request as the API answers about it: never the user's identifier.</summary>
/// <param name="ResultWaiting">An access result is waiting at <c>…/result</c>, to be handed over once.</param>
internal sealed record ForwardedView(Guid Id, ForwardedKind Kind, ForwardedStatus Status, DateTime ReceivedAt, DateOnly DueOn, DateTime? AnsweredAt, string? Outcome, bool ResultWaiting)
{
    public static ForwardedView Of(ForwardedRequest r) => new(r.Id, r.Kind, r.Status, r.ReceivedAt, r.DueOn, r.AnsweredAt, r.Status == ForwardedStatus.Open ? null : r.Note, r.Result is not null);
}

/// <summary>
/// <c>/api/v1/processor/requests</c>: a customer's own systems forward its users' requests with an API key the customer's
/// contact issued in the portal, and follow them. The key names the customer; answers go to the contact who issued it.
/// </summary>
internal static class ForwardByApi
{
    public const int MaxBodyBytes = 8 * 1024;

    private static readonly JsonBodyAnswers Answers = new(
        "The request was not forwarded.",
        "The body must be a JSON object with the fields kind and endUser, and optionally details.",
        field => $"{field} must be text.");

    public static async Task<Results<Accepted<ForwardedView>, ValidationProblem, ProblemHttpResult>> Post(
        HttpRequest request, CustomerApiKeys keys, ForwardedRequests requests, CancellationToken ct)
    {
        // The body is read (to its limit) first, so that an oversized one is 413 whoever sends it; a malformed one is
        // answered only to a caller with a key.
        var (body, problem) = await JsonBody.ReadAsync<ForwardBody>(request, MaxBodyBytes, Answers, ct);
        if (await keys.CheckAsync(request.Headers.Authorization, ct) is not { } key)
            return Unauthorized();
        if (body is null)
            return problem!;
        ForwardedKind? kind = Enum.TryParse<ForwardedKind>(body.Kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(body.Kind, out _) ? parsed : null;
        var (forwarded, errors) = await requests.ForwardAsync(key.IssuedBy, new ForwardInput(key.CustomerId, kind, body.EndUser, body.Details), Languages.English, ct);
        if (forwarded is null)
            return TypedResults.ValidationProblem(errors, title: Answers.Title);
        return TypedResults.Accepted($"/api/v1/processor/requests/{forwarded.Id}", ForwardedView.Of(forwarded));
    }

    public static async Task<Results<Ok<ForwardedView>, ProblemHttpResult>> Get(Guid id, HttpRequest request, CustomerApiKeys keys, AppDb db, CancellationToken ct)
    {
        if (await keys.CheckAsync(request.Headers.Authorization, ct) is not { } key)
            return Unauthorized();
        return await db.ForwardedRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.CustomerId == key.CustomerId, ct) is { } found
            ? TypedResults.Ok(ForwardedView.Of(found))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No request of this customer has that id.");
    }

    /// <summary>An access request's result, handed over once, as in the portal; it is then cleared, so a second call is 404.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Result(Guid id, HttpRequest request, CustomerApiKeys keys, ForwardedRequests requests, CancellationToken ct)
    {
        if (await keys.CheckAsync(request.Headers.Authorization, ct) is not { } key)
            return Unauthorized();
        return await requests.TakeResultAsync(key.IssuedBy, id, ct) is { } result
            ? TypedResults.File(result, "application/json", $"access-{id}.json")
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No access result of this customer is waiting under that id.",
                detail: "A result is handed over once, through the API or the portal, and only for an access request the product answered.");
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A live API key of the customer is required: Authorization: Bearer vck_…");
}
