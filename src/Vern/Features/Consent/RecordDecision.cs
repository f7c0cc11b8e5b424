using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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

    public static async Task<Results<Created<DecisionReceipt>, ValidationProblem>> Handle(
        HttpRequest request, ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, VisitorIds visitorIds, TimeProvider time,
        [FromServices] IEnumerable<IConsentDecisionListener> listeners, CancellationToken ct)
    {
        var body = await BoundedBody.ReadAsync(request, MaxBodyBytes, ct);
        return await HandleAsync(body, ledger, catalogue, hasher, visitorIds, time, listeners, ct);
    }

    private static async Task<Results<Created<DecisionReceipt>, ValidationProblem>> HandleAsync(
        ReadOnlyMemory<byte> body, ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, VisitorIds visitorIds, TimeProvider time,
        IEnumerable<IConsentDecisionListener> listeners, CancellationToken ct)
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
            foreach (var listener in listeners)
                listener.Decided(decision.VisitorId, decision.Categories);
            return TypedResults.Created($"/api/v1/consent/decisions/{record.Id}", new DecisionReceipt(record.Id, record.RecordedAt, receipt));
        }
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The decision was not recorded.");

}

/// <summary>The answer to a recorded decision.</summary>
internal sealed record DecisionReceipt(Guid Id, DateTime RecordedAt, string Receipt);
