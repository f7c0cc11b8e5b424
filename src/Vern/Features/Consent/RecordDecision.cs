using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Consent;

/// <summary>
/// Records a banner decision in the ledger. The answer comes only after the commit, so a banner
/// that treats consent as given once it has the receipt never acts on an unrecorded choice.
/// </summary>
internal static class RecordDecision
{
    public const int MaxBodyBytes = 8 * 1024;

    public static async Task<Results<Created<DecisionReceipt>, ValidationProblem>> Handle(
        HttpRequest request, ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, ReceiptKey signer, TimeProvider time, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
            return Invalid("body", $"The body must be at most {MaxBodyBytes} bytes.");
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
            var (decision, errors) = DecisionInput.Read(document.RootElement, snapshot);
            if (decision is null)
                return TypedResults.ValidationProblem(errors, title: "The decision was not recorded.");

            var revision = snapshot.Revisions[decision.Revision];
            var record = new ConsentRecord
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                RecordedAt = time.GetUtcNow().UtcDateTime,
                VisitorId = decision.VisitorId,
                VisitorLookup = await hasher.HashIdentifierAsync(ConsentLookup.Kind, decision.VisitorId, ct),
                Revision = decision.Revision,
                Language = decision.Language,
                Action = decision.Action,
                Categories = JsonSerializer.Serialize(decision.Categories),
                Services = JsonSerializer.Serialize(decision.Services),
                Gpc = decision.Gpc,
                TextHash = snapshot.Config(decision.Revision, decision.Language).TextHash,
                PolicyVersion = snapshot.PolicyVersions[decision.Language],
            };
            await ledger.AppendAsync(record, ct);

            var receipt = signer.Sign(ConsentReceipt.Payload(record, decision.Categories, decision.Services, revision.Model, Issuer(request)));
            return TypedResults.Created($"/api/v1/consent/decisions/{record.Id}", new DecisionReceipt(record.Id, record.RecordedAt, receipt));
        }
    }

    public static string Issuer(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The decision was not recorded.");

    /// <summary>Reads at most one byte more than allowed, so an oversized or endless body costs nothing.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            return null;
        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += read;
        return total > MaxBodyBytes ? null : buffer[..total];
    }
}

internal sealed record DecisionReceipt(Guid Id, DateTime RecordedAt, string Receipt);
