using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vern.Features.Consent;
using Vern.Features.Customers.Agreements;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Closure;

/// <summary>
/// The deletion certificate of an ended licence: a compact JWS (ES256) signed with the key whose public half is in
/// <c>/.well-known/jwks.json</c>, so the customer, and its auditors, can prove what its processor deleted. Its claims name
/// the processor and the customer, what was deleted (the processing done for the customer, its categories of data and of
/// people), where (the product and the sub-processors it ran on), when, and the product's own confirmation.
/// </summary>
internal sealed class DeletionCertificates(ReceiptKey key, ModelStore models, PublicUrl url)
{
    public const string Type = "vern-deletion-certificate";

    public string Sign(LicenceClosure closure, Customer customer, DateTime deletedAt, string? confirmation)
    {
        var model = models.Current.Model;
        var activities = model.ProcessorActivities.Where(a => customer.Activities.Contains(a.Id)).ToList();
        var deleted = new DateTimeOffset(deletedAt, TimeSpan.Zero);
        var claims = new CertificateClaims(
            url.Origin, deleted.ToUnixTimeSeconds(), closure.Id.ToString(), Type,
            new Party(model.Controller.Name, model.Controller.OrganisationNumber, model.Controller.Country),
            new CustomerClaim(customer.Id.ToString(), customer.Organisation, customer.Country),
            closure.LicenceEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [.. activities.Select(a => new DeletedProcessing(a.Id, a.Name[Languages.Default],
                [.. a.Categories.Select(c => model.Category(c)?.Name[Languages.Default] ?? c)],
                [.. a.Subjects.Select(s => model.SubjectKind(s)?.Name[Languages.Default] ?? s)]))],
            [.. activities.SelectMany(a => a.SubProcessors).Distinct().Select(model.Recipient).OfType<Recipient>()
                .Select(r => new Place(r.Name, r.Country))],
            deleted.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            closure.DeletionAskedAt is null ? "end-of-return-period" : "customer-asked",
            confirmation);
        return key.Sign(JsonSerializer.SerializeToUtf8Bytes(claims, Options));
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

internal sealed record CertificateClaims(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("jti")] string Id,
    string Type, Party Processor, CustomerClaim Customer, string LicenceEnded,
    IReadOnlyList<DeletedProcessing> Deleted, IReadOnlyList<Place> Where, string DeletedAt, string Trigger, string? Confirmation);

/// <summary>A processing carried out for the customer whose data was deleted, with the categories of data and of people it held.</summary>
internal sealed record DeletedProcessing(string Id, string Name, IReadOnlyList<string> Categories, IReadOnlyList<string> Subjects);

/// <summary>A system the data was held on: a sub-processor and its country.</summary>
internal sealed record Place(string Name, string Country);
