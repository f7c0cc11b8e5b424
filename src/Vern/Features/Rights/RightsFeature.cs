using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights;

internal static class RightsFeature
{
    public static void AddRights(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(RightsOptions.From(builder.Configuration));
        services.AddScoped<RightsFulfilment>();
        services.AddSingleton<RightsFulfilmentService>();
        if (builder.Configuration.GetValue("Vern:Rights:Fulfilment:Enabled", true))
            services.AddHostedService(sp => sp.GetRequiredService<RightsFulfilmentService>());
        if (builder.Configuration.GetValue("Vern:Rights:Expiry:Enabled", true))
            services.AddHostedService<UnverifiedRequestExpiry>();
    }

    public static void MapRights(this WebApplication app)
    {
        app.MapPost("/api/v1/rights-requests", Submit)
            .WithTags("Rights")
            .WithName("SubmitRightsRequest")
            .WithSummary("Ask to use a GDPR right; a single-use confirmation link is e-mailed to the address given.")
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AllowAnonymous()
            .DisableAntiforgery();
    }

    private static async Task<Results<Accepted<RightsRequestAccepted>, ValidationProblem>> Submit(
        RightsRequestInput input, AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, PublicUrl site, ModelStore models, CancellationToken ct)
    {
        var errors = SubmitRightsRequest.Validate(input);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The request was not received.");
        var request = await SubmitRightsRequest.Handle(db, vault, outbox, time, input, site.Base, models.Current.Model.Controller, ct);
        // No Location: a request is never readable by id, so an id that leaks reveals nothing.
        return TypedResults.Accepted((string?)null, new RightsRequestAccepted(request.Id, request.Status));
    }
}

internal sealed record RightsRequestAccepted(Guid Id, RightsRequestStatus Status);
