using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vern.Features.Rights.Connectors;

internal enum ProductOutcome { Done, NotFound, Failed }

/// <summary>What the product did with a forwarded request: the outcome, its own words, and for an access request the user's data as JSON.</summary>
internal sealed record ProductAnswer(ProductOutcome Outcome, string? Detail, string? Export);

/// <summary>
/// The licensed product, which holds the data the company processes for its customers (the processor role): one HTTPS
/// endpoint its team writes, signed like the webhook connector. Vern posts a request a customer forwarded, naming the
/// customer as the tenant, so the product acts on that customer's data alone; the product answers with what it did.
/// At the end of a licence it posts <c>tenant-export</c> and then <c>tenant-deletion</c>, naming no user: the whole of the
/// tenant's data.
/// </summary>
internal sealed class ProductConnector(HttpClient http, ProductConnector.Settings settings, TimeProvider time)
{
    public const string Name = "product";
    private const int MaxDetailLength = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    internal sealed record Settings(byte[] Secret);

    public async Task<ProductAnswer> SendAsync(string kind, Guid tenantId, Guid requestId, string? endUser, string? details, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var body = JsonSerializer.SerializeToUtf8Bytes(new EventBody(kind, tenantId, requestId, endUser, details, timestamp), Json);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = content };
        request.Headers.Add(WebhookConnector.SignatureHeader, WebhookConnector.Sign(settings.Secret, body));
        request.Headers.Add(WebhookConnector.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        using var answer = await ConnectorHttp.SendAsync(http, request, Name, ct);
        if (answer.Response?.StatusCode == HttpStatusCode.NotFound)
            return new ProductAnswer(ProductOutcome.NotFound, null, null);
        if (answer.Response is not { StatusCode: HttpStatusCode.OK } response)
            return new ProductAnswer(ProductOutcome.Failed, answer.Failure ?? ConnectorHttp.Answered(Name, answer), null);
        try
        {
            var read = await response.Content.ReadFromJsonAsync<OutcomeAnswer>(Json, ct);
            var detail = read?.Detail?.Trim() is { Length: > 0 } d ? d[..Math.Min(d.Length, MaxDetailLength)] : null;
            return read?.Outcome switch
            {
                "done" => new ProductAnswer(ProductOutcome.Done, detail, read.Export is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } export ? export.GetRawText() : null),
                "not-found" => new ProductAnswer(ProductOutcome.NotFound, detail, null),
                _ => new ProductAnswer(ProductOutcome.Failed, $"{Name} answered an outcome other than done or not-found", null),
            };
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return new ProductAnswer(ProductOutcome.Failed, $"{Name} answered with a body that is not the JSON expected", null);
        }
    }

    private sealed record EventBody(string Event, Guid TenantId, Guid RequestId, string? EndUser, string? Details, long Timestamp);

    private sealed record OutcomeAnswer(string? Outcome, string? Detail, JsonElement Export);
}
