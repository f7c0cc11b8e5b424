using System.Buffers.Text;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent;

/// <summary>
/// The consent log's public state for auditors: the latest signed tree head, and consistency proofs
/// (RFC 9162 §2.1.4) that a head they kept is a prefix of a later one, so the log only grew.
/// </summary>
internal static class GetLog
{
    public static async Task<Results<Ok<LogHead>, ProblemHttpResult>> Head(AppDb db, CancellationToken ct)
    {
        if (await ConsentLog.LatestHeadAsync(db, ct) is not { } head)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The log is empty", detail: "No decision has been recorded yet, so no tree head is signed.");
        return TypedResults.Ok(new LogHead(head.Size, Base64Url.EncodeToString(head.Root), head.TimeMilliseconds(), head.KeyId, head.ToSignedTreeHead().Jws()));
    }

    public static async Task<Results<Ok<LogConsistency>, ValidationProblem>> Consistency(string? from, string? to, AppDb db, CancellationToken ct)
    {
        var size = (await ConsentLog.LatestHeadAsync(db, ct))?.Size ?? 0;
        var errors = new Dictionary<string, string[]>();
        var first = Read(from, nameof(from), errors);
        var second = Read(to, nameof(to), errors);
        if (errors.Count == 0 && first > second)
            errors[nameof(from)] = [$"from ({first}) must not be greater than to ({second})."];
        if (errors.Count == 0 && second > size)
            errors[nameof(to)] = [$"to ({second}) must not be greater than the log's size ({size})."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "No consistency proof for these sizes.");
        var proof = await ConsentLog.ComputeAsync(db, node => MerkleTree.ConsistencyProof(first, second, node), ct);
        return TypedResults.Ok(new LogConsistency(first, second, [.. proof.Select(p => Base64Url.EncodeToString(p))]));
    }

    /// <summary>A tree size of at least 1, or an error for the parameter.</summary>
    private static long Read(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            errors[name] = [$"{name} must be a tree size of at least 1."];
        return size;
    }
}

/// <summary>The latest signed tree head: size, root (base64url), time (Unix milliseconds), key id and the head as a JWS.</summary>
internal sealed record LogHead(long Size, string Root, long Time, string Kid, string Jws);

internal sealed record LogConsistency(long From, long To, IReadOnlyList<string> Proof);
