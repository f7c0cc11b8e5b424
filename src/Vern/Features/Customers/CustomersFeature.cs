using Vern.Features.Policies.Notices;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers;

/// <summary>
/// The processor role's customers: organisations whose data the company processes under a data processing agreement,
/// their licences, the processing done for them, their instructions and their privacy contacts.
/// </summary>
internal static class CustomersFeature
{
    public static void AddCustomers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<Customers>();
        services.AddScoped<Agreements.Agreements>();
        services.AddSingleton<Agreements.DpaReceipts>();
        services.AddScoped<SubProcessors.SubProcessorNotices>();
        services.AddScoped<Portal.CustomerPortal>();
        services.AddScoped<Requests.ForwardedRequests>();
        services.AddScoped<Requests.ControllerReferrals>();
        services.AddScoped<Requests.CustomerApiKeys>();
        services.AddHostedService<Requests.ForwardedRequestRetry>();
        services.AddScoped<Closure.LicenceClosures>();
        services.AddSingleton<Closure.DeletionCertificates>();
        services.AddHostedService<Closure.LicenceClosureJob>();
        // The portal's own session, apart from staff's: it names a customer's contact and nothing else.
        services.AddAuthentication().AddCookie(Portal.CustomerPortal.Scheme, o =>
        {
            o.Cookie.Name = "vern_customer";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/customers/signin";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = false;
        });
        services.AddAuthorizationBuilder().AddPolicy(Portal.CustomerPortal.Policy, p => p
            .AddAuthenticationSchemes(Portal.CustomerPortal.Scheme).RequireAuthenticatedUser().RequireClaim(Portal.CustomerPortal.SubjectClaim));
        services.AddScoped<Model.IDefinitionChangeHandler>(sp => sp.GetRequiredService<SubProcessors.SubProcessorNotices>());
        services.AddScoped<CustomerContactsSource>();
        services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<CustomerContactsSource>());
        services.AddScoped<IContactHolder>(sp => sp.GetRequiredService<CustomerContactsSource>());
        services.AddScoped<IRetentionSource, CustomerContactRetention>();
    }

    public static void MapCustomers(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/processor")
            .WithTags("Processor")
            .RequireRateLimiting(HostingFeature.PublicRateLimit)
            .AllowAnonymous()
            .DisableAntiforgery();
        api.MapPost("/requests", Requests.ForwardByApi.Post)
            .WithName("ForwardProcessorRequest")
            .WithSummary("A customer's system forwards one of its users' requests (access, erasure, rectification, restriction) with an API key its contact issued in the customer portal (Authorization: Bearer vck_…). Vern asks the product at once and answers 202 with the request's state and due date; 401 without a live key.")
            .Accepts<Requests.ForwardBody>("application/json")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Requests.ForwardByApi.MaxBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/requests/{id:guid}", Requests.ForwardByApi.Get)
            .WithName("GetProcessorRequest")
            .WithSummary("The state of a request the key's customer forwarded: open, done or not found by the product, with its due date, the product's outcome, and whether an access result is waiting; 404 for another customer's.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/requests/{id:guid}/result", Requests.ForwardByApi.Result)
            .WithName("GetProcessorRequestResult")
            .WithSummary("The product's answer to an access request the key's customer forwarded (JSON), handed over once and then cleared, as in the portal; 404 when none is waiting or it is another customer's.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
