using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Blocks;

/// <summary>Marks a public form or API whose submissions a block refuses and whose failures count towards a signal.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class RefusesBlockedAttribute : Attribute;

/// <summary>
/// Refuses a submission to a marked form or API from a network a block holds, and counts each one answered as invalid
/// (400) towards the signal that holds a network: <c>Blocks:Signals:FailedSubmissionsPerHour</c> (20 by default; 0
/// turns it off) from one masked network within a clock hour. Counted per server: with several, each counts its own.
/// </summary>
internal sealed class BlockedNetworks(RequestDelegate next, IConfiguration configuration, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (long Hour, int Count)> failures = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<RefusesBlockedAttribute>() is null
            || MaskedNetwork.Of(context.Connection.RemoteIpAddress) is not { } network)
        {
            await next(context);
            return;
        }
        // Asked for here, not as a parameter: the gate's database context would be made for every request.
        var gate = context.RequestServices.GetRequiredService<ProcessingGate>();
        await gate.RefuseIfBlockedAsync(null, network, Stopwatch.GetTimestamp(), context.RequestAborted);
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status400BadRequest)
            await CountFailureAsync(network, context.RequestServices.GetRequiredService<FraudBlocks>(), context.RequestAborted);
    }

    private async Task CountFailureAsync(string network, FraudBlocks blocks, CancellationToken ct)
    {
        var limit = configuration.GetValue("Blocks:Signals:FailedSubmissionsPerHour", 20);
        if (limit <= 0)
            return;
        var hour = time.GetUtcNow().ToUnixTimeSeconds() / 3600;
        var (_, count) = failures.AddOrUpdate(network, (hour, 1), (_, seen) => seen.Hour == hour ? (hour, seen.Count + 1) : (hour, 1));
        // Forget the networks of past hours, so the counts of a day's many networks are not all kept.
        foreach (var (old, seen) in failures)
            if (seen.Hour < hour)
                failures.TryRemove(old, out _);
        if (count == limit)
            await blocks.HoldAsync(network, string.Format(CultureInfo.InvariantCulture, Text<BlockTexts>.In(Languages.Default).SignalFailedSubmissions, count), ct);
    }
}
