using Microsoft.AspNetCore.Mvc;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Subjects;

internal static class SubjectsFeature
{
    public const string CorsPolicy = "submissions";

    public static void AddSubjects(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<MasterKeySource>();
        services.AddSingleton<KeyStore>();
        services.AddSingleton<KeyShredding>();
        services.AddSingleton<LookupHasher>();
        services.AddScoped<SubjectVault>();
        services.AddScoped<IPersonalDataSource, SubjectsSource>();
        services.AddScoped<IRetentionSource, SubjectRetention>();
        services.AddScoped<Policies.Notices.IContactHolder, SubmissionContacts>();
        // Asked by every feature before it uses a person's data for a purpose (ADR 33).
        services.AddScoped<ProcessingGate>();
        // The sites that embed the banner are the sites whose forms may post from the browser; a
        // customer's backend needs no CORS at all.
        var origins = builder.Configuration.GetSection("Vern:Consent:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .WithOrigins(origins)
            .WithMethods("POST")
            .WithHeaders("Content-Type")));
    }

    public static void MapSubjects(this WebApplication app)
    {
        app.MapPost("/api/v1/submissions", RecordSubmission.Post)
            .WithMetadata(new Blocks.RefusesBlockedAttribute())
            .WithTags("Subjects")
            .WithName("RecordSubmission")
            .WithSummary("Records what a person sent through a website form, with its purpose and the policy version shown; answers with the submission's id only.")
            .Accepts<SubmissionInput>("application/json")
            .ProducesValidationProblem()
            .WithMetadata(new RequestSizeLimitAttribute(RecordSubmission.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireCors(CorsPolicy)
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .AllowAnonymous()
            .DisableAntiforgery();
    }
}
