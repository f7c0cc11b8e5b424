using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// Access tokens for the Google Analytics User Deletion API, obtained with the service account's key
/// (Google's server-to-server flow) because a token pasted into the configuration dies after an
/// hour. One token is shared by every call until shortly before it expires. The key, the signed
/// assertion and the token are never logged nor put in a failure sentence.
/// </summary>
internal sealed partial class GoogleServiceAccountToken(
    GoogleServiceAccountKey key, IHttpClientFactory clients, TimeProvider time, ILogger<GoogleServiceAccountToken> log) : IDisposable
{
    /// <summary>The token endpoint's own client: retried like the API, and without logging, as its body carries the token.</summary>
    public const string ClientName = "google-oauth";

    public const string Scope = "https://www.googleapis.com/auth/analytics.user.deletion";

    private const string System = "Google's token endpoint";

    /// <summary>
    /// Renewing well before the stated expiry leaves room for a clock that runs a little behind
    /// Google's and for a request that starts just before the token would lapse.
    /// </summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>One fetch at a time: erasures running together should not each sign in.</summary>
    private readonly SemaphoreSlim gate = new(1, 1);
    private Token? current;

    private sealed record Token(string Value, DateTimeOffset RenewAt);

    /// <exception cref="ConnectorCredentialsException">No token could be had; the message is safe to show.</exception>
    public async Task<string> GetAsync(CancellationToken ct)
    {
        if (Fresh(Volatile.Read(ref current)) is { } cached)
            return cached;
        await gate.WaitAsync(ct);
        try
        {
            if (Fresh(current) is { } fetchedMeanwhile)
                return fetchedMeanwhile;
            var token = await FetchAsync(ct);
            Volatile.Write(ref current, token);
            return token.Value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Forgets a token the API refused, unless another call has already replaced it, so a burst of
    /// refusals leads to one new token rather than one each.
    /// </summary>
    public void Reject(string token)
    {
        var cached = Volatile.Read(ref current);
        if (cached is not null && cached.Value == token)
            Interlocked.CompareExchange(ref current, null, cached);
    }

    public void Dispose() => gate.Dispose();

    private string? Fresh(Token? token) => token is not null && time.GetUtcNow() < token.RenewAt ? token.Value : null;

    private async Task<Token> FetchAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, key.TokenUri)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                new("assertion", key.CreateAssertion(Scope, now)),
            ]),
        };
        using var answer = await ConnectorHttp.SendAsync(clients.CreateClient(ClientName), request, System, ct);
        if (answer.Response is not { IsSuccessStatusCode: true } response)
        {
            var code = answer.Response is null ? null : await ErrorCodeAsync(answer.Response, ct);
            log.TokenFailed(GoogleAnalyticsConnector.SourceName, answer.StatusCode, answer.Attempts, code ?? answer.Error);
            var failure = answer.Failure ?? ConnectorHttp.Answered(System, answer);
            throw new ConnectorCredentialsException(code is null ? failure : $"{failure} ({code})");
        }
        var (value, lifetime) = await ReadTokenAsync(response, ct);
        if (value is null)
        {
            log.TokenFailed(GoogleAnalyticsConnector.SourceName, answer.StatusCode, answer.Attempts, "no access_token");
            throw new ConnectorCredentialsException($"{System} answered without an access token");
        }
        log.TokenObtained(GoogleAnalyticsConnector.SourceName, (int)lifetime.TotalSeconds);
        return new Token(value, now + lifetime - RenewBefore);
    }

    private static Task<(string? Value, TimeSpan Lifetime)> ReadTokenAsync(HttpResponseMessage response, CancellationToken ct) =>
        ReadObjectAsync(response, root =>
        {
            if (!root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String
                || token.GetString() is not { Length: > 0 } value)
                return (null, default);
            // Google always says; an hour is what it gives when a proxy drops the field.
            var seconds = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var s) && s > 0 ? s : 3600;
            return ((string?)value, TimeSpan.FromSeconds(seconds));
        }, ct);

    /// <summary>
    /// The OAuth error code ("invalid_grant", "unauthorized_client") tells the operator what to fix;
    /// only a bare code is taken, so nothing the endpoint echoes back reaches a log or a person.
    /// </summary>
    private static Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct) =>
        ReadObjectAsync(response, root =>
            root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
            && error.GetString() is { } code && ErrorCode().IsMatch(code)
                ? code
                : null, ct);

    /// <summary>Reads a JSON object from the body; a body that is not one reads as <c>default</c>.</summary>
    private static async Task<T?> ReadObjectAsync<T>(HttpResponseMessage response, Func<JsonElement, T?> read, CancellationToken ct)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            return body.RootElement.ValueKind == JsonValueKind.Object ? read(body.RootElement) : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    [GeneratedRegex("^[a-z_]{1,40}$")]
    private static partial Regex ErrorCode();

    /// <summary>
    /// Puts the token on each call to the API. A 401 gets one new token and one more try: a token
    /// can stop working before its stated expiry (the key was rotated, the grant revoked), and a
    /// second 401 with a new token means the service account itself lacks access, which no retry fixes.
    /// </summary>
    internal sealed class Authentication(GoogleServiceAccountToken tokens) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var token = await tokens.GetAsync(cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
                return response;
            response.Dispose();
            tokens.Reject(token);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
