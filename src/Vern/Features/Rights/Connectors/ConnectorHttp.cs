using Polly.CircuitBreaker;
using Polly.Timeout;
using Vern.Infrastructure.Formats;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// Sends a connector's request through the client's retries and turns every way it can fail into a
/// sentence without personal data, so a connector reports a failure instead of throwing it.
/// </summary>
internal static class ConnectorHttp
{
    /// <summary>Tries per call: enough to ride out a blip, few enough that a request does not hang.</summary>
    public const int Attempts = 3;

    private static readonly HttpRequestOptionsKey<int> AttemptsKey = new("Vern.Connectors.Attempts");

    public static async Task<ConnectorAnswer> SendAsync(HttpClient http, HttpRequestMessage request, string system, CancellationToken ct)
    {
        try
        {
            var response = await http.SendAsync(request, ct);
            return new ConnectorAnswer(response, AttemptsOf(request), null, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            return Failed(request, e, $"{system} answered with more than {ConnectorsFeature.MaxAnswerBytes / 1024} KB, more than Vern reads");
        }
        catch (HttpRequestException e)
        {
            return Failed(request, e, $"{system} could not be reached after {Count(AttemptsOf(request))}");
        }
        catch (TimeoutRejectedException e)
        {
            return Failed(request, e, $"{system} did not answer in time after {Count(AttemptsOf(request))}");
        }
        catch (OperationCanceledException e)
        {
            // HttpClient's own timeout, when it is shorter than the resilience handler's.
            return Failed(request, e, $"{system} did not answer in time after {Count(AttemptsOf(request))}");
        }
        catch (BrokenCircuitException e)
        {
            return Failed(request, e, $"{system} was not called because it kept failing moments before");
        }
        catch (ConnectorCredentialsException e)
        {
            return Failed(request, e, $"Vern could not sign in to {system}: {e.Message}");
        }
    }

    /// <summary>The failure sentence for an answer the connector did not expect.</summary>
    public static string Answered(string system, ConnectorAnswer answer) =>
        $"{system} answered {answer.StatusCode} after {Count(answer.Attempts)}";

    /// <summary>The failure sentence for an answer whose outcome is none of <paramref name="expected"/>.</summary>
    public static string Unreadable<T>(string system, ConnectorAnswer answer, params T[] expected) where T : struct, Enum =>
        $"{system} answered {answer.StatusCode} without a readable outcome ({string.Join(", ", expected[..^1].Select(e => e.ToWire()))} or {expected[^1].ToWire()})";

    /// <summary>The failure sentence when a call failed after <paramref name="sent"/> of <paramref name="total"/> calls succeeded.</summary>
    public static string PartlySent(string failure, int sent, int total) => $"{failure} ({sent} of {total} visitor ids sent for deletion).";

    private static string Count(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private static int AttemptsOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(AttemptsKey, out var attempts) ? attempts : 0;

    private static ConnectorAnswer Failed(HttpRequestMessage request, Exception e, string detail) =>
        new(null, AttemptsOf(request), detail, e.GetType().Name);

    /// <summary>
    /// Counts what went over the wire. It sits inside the resilience handler, so it sees every retry;
    /// the failure sentence then says how hard Vern tried.
    /// </summary>
    internal sealed class AttemptCounter : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.Set(AttemptsKey, AttemptsOf(request) + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>
/// Thrown from a client's handlers when the credentials for the call could not be obtained (a token
/// endpoint failed), so it is reported like any other failed call.
/// </summary>
/// <param name="message">Why, as a sentence without secrets or personal data.</param>
internal sealed class ConnectorCredentialsException(string message) : Exception(message);

/// <summary>The last response after retries, or why there was none.</summary>
/// <param name="Failure">Set when no response came: a sentence for the person, without personal data.</param>
/// <param name="Error">The exception type behind <paramref name="Failure"/>, for the log.</param>
internal sealed record ConnectorAnswer(HttpResponseMessage? Response, int Attempts, string? Failure, string? Error) : IDisposable
{
    public int? StatusCode => Response is null ? null : (int)Response.StatusCode;

    public void Dispose() => Response?.Dispose();
}
