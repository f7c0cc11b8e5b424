using Microsoft.AspNetCore.Mvc;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

internal static class ConsentFeature
{
    public const string CorsPolicy = "consent";

    public static void AddConsent(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ConsentCatalogue>();
        services.AddSingleton<ReceiptKey>();
        services.AddSingleton<VisitorIds>();
        services.AddSingleton<ConsentLedgerWriter>();
        services.AddScoped<ConsentSource>();
        services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<ConsentSource>());
        services.AddHostedService(sp => sp.GetRequiredService<ConsentLedgerWriter>());
        services.AddScoped<IRetentionSource, ConsentRetention>();
        // Customer sites on other origins may call the API only when configuration names them.
        var origins = builder.Configuration.GetSection("Vern:Consent:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .WithOrigins(origins)
            .WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "If-None-Match")
            .WithExposedHeaders("ETag", "Location")));
    }

    public static void MapConsent(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/consent")
            .WithTags("Consent")
            .RequireCors(CorsPolicy)
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .AllowAnonymous();
        api.MapGet("/config", GetConfig.Handle)
            .WithName("GetConsentConfig")
            .WithSummary("The banner's configuration: texts, categories and services of the current revision, in en or nb.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status304NotModified);
        api.MapPost("/visitors", IssueVisitor.Handle)
            .WithName("IssueConsentVisitor")
            .WithSummary("Issues a visitor id, the credential the banner sends with every decision; only ids Vern issued are accepted.");
        api.MapPost("/decisions", RecordDecision.Handle)
            .WithName("RecordConsentDecision")
            .WithSummary("Records a visitor's decision in the ledger and answers, once it is committed, with its compact receipt: the inclusion proof of its leaf in the signed tree head of its commit (receipt format 1, at most 1 KB).")
            .Accepts<DecisionBody>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(RecordDecision.MaxBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/decisions/{id:guid}", GetDecision.Handle)
            .WithName("GetConsentDecision")
            .WithSummary("A recorded decision as the ledger holds it, with its compact receipt.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/decisions/{id:guid}/receipt", GetReceipt.Handle)
            .WithName("GetConsentReceipt")
            .WithSummary("The full receipt of a decision: its leaf, its compact receipt, the signed tree head of its commit as a JWS, and the Kantara v1.1 / ISO/IEC TS 27560 fields, to verify offline.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/visitor/decisions", ListVisitorDecisions.Handle)
            .WithName("ListConsentVisitorDecisions")
            .WithSummary("The recorded decisions of the visitor whose id the Vern-Visitor-Id header carries, newest first (at most 100), found by the keyed hash of the id, for the privacy centre to list them with their receipts; 404 for an id Vern did not issue or without decisions.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/log/head", GetLog.Head)
            .WithName("GetConsentLogHead")
            .WithSummary("The consent log's latest signed tree head (RFC 9162 shapes, ES256, keys in /.well-known/jwks.json).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/log/consistency", GetLog.Consistency)
            .WithName("GetConsentLogConsistency")
            .WithSummary("A consistency proof (RFC 9162 §2.1.4) that the log of size `to` extends the log of size `from`: 0 < from <= to <= the current size.")
            .ProducesValidationProblem();
        api.MapGet("/decisions/{id:guid}/current", GetDecisionStatus.Handle)
            .WithName("GetConsentDecisionStatus")
            .WithSummary("Whether the decision is still the visitor's latest; false once Vern recorded a later one, such as a withdrawal asked for by e-mail.")
            .Produces<DecisionStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRateLimiting(HostingFeature.PageViewRateLimit);

        var wellKnown = app.MapGroup("/.well-known")
            .WithTags("Consent")
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .AllowAnonymous();
        wellKnown.MapGet("/jwks.json", WellKnown.Jwks)
            .WithName("ConsentReceiptKeys")
            .WithSummary("The public keys (JWKS) that verify the consent log's signed tree heads, and so every receipt.");
        wellKnown.MapGet("/gpc.json", WellKnown.Gpc)
            .WithName("GlobalPrivacyControl")
            .WithSummary("Declares that Vern honours the Global Privacy Control signal.");
    }
}

/// <summary>The documented shape of a decision, for OpenAPI; the handler reads the JSON itself to name bad fields.</summary>
internal sealed record DecisionBody(
    string VisitorId, int Revision, string Language, ConsentAction Action,
    IReadOnlyDictionary<string, bool> Categories, IReadOnlyDictionary<string, bool>? Services, bool Gpc);
