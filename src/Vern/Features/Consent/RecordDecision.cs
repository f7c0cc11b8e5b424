using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>
/// Records a banner decision in the ledger. The answer comes only after the commit, so a banner
/// that treats consent as given once it has the receipt never acts on an unrecorded choice.
/// </summary>
internal static class RecordDecision
{
    public const int MaxBodyBytes = 8 * 1024;

    public static async Task<Results<ReceiptCreated, ValidationProblem>> Handle(
        HttpRequest request, ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, VisitorIds visitorIds, TimeProvider time, CancellationToken ct)
    {
        // The body is read into a pooled buffer: every decision would otherwise allocate the largest body allowed.
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = await BoundedBody.ReadAsync(request, buffer, MaxBodyBytes, ct);
            return await HandleAsync(buffer.AsMemory(0, length), ledger, catalogue, hasher, visitorIds, time, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<Results<ReceiptCreated, ValidationProblem>> HandleAsync(
        ReadOnlyMemory<byte> body, ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, VisitorIds visitorIds, TimeProvider time, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return Invalid("body", $"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var snapshot = await catalogue.GetAsync(ct);
            var (decision, errors) = DecisionInput.Read(document.RootElement, snapshot, visitorIds);
            if (decision is null)
                return TypedResults.ValidationProblem(errors, title: "The decision was not recorded.");

            var record = ConsentRecord.Create(
                time, snapshot, decision.VisitorId, await hasher.HashIdentifierAsync(ConsentLookup.Kind, decision.VisitorId, ct),
                decision.Revision, decision.Language, decision.Action, decision.Categories, decision.Services, decision.Gpc);
            // The receipt proves the record's leaf in the tree head its commit signed; it exists only after the commit.
            var receipt = await ledger.AppendAsync(record, ct);
            return new ReceiptCreated(record.Id, record.RecordedAt, receipt);
        }
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The decision was not recorded.");

}

/// <summary>The documented shape of the answer to a recorded decision.</summary>
internal sealed record DecisionReceipt(Guid Id, DateTime RecordedAt, string Receipt);

/// <summary><c>201</c> with <see cref="DecisionReceipt"/>'s JSON, written directly to the response.</summary>
internal sealed class ReceiptCreated(Guid id, DateTime recordedAt, string receipt) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/api/v1/consent/decisions/{id}";
        response.ContentType = "application/json; charset=utf-8";
        using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, id);
            json.WriteString("recordedAt"u8, recordedAt);
            json.WriteString("receipt"u8, receipt);
            json.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(DecisionReceipt), ["application/json"]));
}
