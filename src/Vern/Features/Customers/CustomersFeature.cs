using Vern.Features.Policies.Notices;
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
}
