using Microsoft.AspNetCore.Http.HttpResults;

namespace Vern.Features.Newsletter;

/// <summary>One-click unsubscribe (RFC 8058), for mail programs; people on the subscriber's page use its button.</summary>
internal static class Unsubscribe
{
    public static async Task<Results<Ok<UnsubscribeAnswer>, ProblemHttpResult>> OneClick(string? token, SubscriberTokens tokens, Subscriptions subscriptions, CancellationToken ct)
    {
        if (await tokens.ReadPageTokenAsync(token, ct) is not { } id)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such subscription", detail: "The token does not belong to a newsletter e-mail Vern sent.");
        // Unsubscribing twice is no error: the second finds nothing left to do and says the same.
        await subscriptions.UnsubscribeAsync(id, "visitor", keepDetails: false, ct);
        return TypedResults.Ok(new UnsubscribeAnswer(SubscriberStatus.Unsubscribed));
    }
}

internal sealed record UnsubscribeAnswer(SubscriberStatus Status);
