using System.Text.Json;
using System.Text.Json.Serialization;
using Vern.Features.Consent;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Customers.Agreements;

/// <summary>Who accepted an agreement, as the receipt names them.</summary>
internal sealed record Signatory(string? Name, string Email, string? Title);

/// <summary>
/// The receipt of an acceptance: a compact JWS (ES256) signed with the key whose public half is in
/// <c>/.well-known/jwks.json</c>, so the customer can prove what it accepted and anyone can check the proof. Its claims
/// name the processor, the customer, the version and the SHA-256 of its exact text, the signatory, the time and the way.
/// </summary>
internal sealed class DpaReceipts(ReceiptKey key, ModelStore models, PublicUrl url)
{
    public const string Type = "vern-dpa-acceptance";

    public string Sign(DpaAcceptance acceptance, DpaVersion version, Customer customer, Signatory signatory)
    {
        var processor = models.Current.Model.Controller;
        var accepted = new DateTimeOffset(acceptance.AcceptedAt, TimeSpan.Zero);
        var claims = new DpaReceiptClaims(
            url.Origin, accepted.ToUnixTimeSeconds(), acceptance.Id.ToString(), Type,
            new Party(processor.Name, processor.OrganisationNumber, processor.Country),
            new CustomerClaim(customer.Id.ToString(), customer.Organisation, customer.Country),
            new AgreementClaim(version.Number, version.Title, version.Language, Convert.ToHexStringLower(acceptance.TextHash)),
            signatory, accepted.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            acceptance.Method == AcceptanceMethod.EmailedLink ? "emailed-link" : "signed-paper");
        return key.Sign(JsonSerializer.SerializeToUtf8Bytes(claims, Options));
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

internal sealed record DpaReceiptClaims(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("jti")] string Id,
    string Type, Party Processor, CustomerClaim Customer, AgreementClaim Agreement, Signatory AcceptedBy, string AcceptedAt, string Method);

internal sealed record Party(string Name, string OrganisationNumber, string Country);

internal sealed record CustomerClaim(string Id, string Organisation, string Country);

internal sealed record AgreementClaim(int Version, string Title, string Language, string Sha256);
