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
        services.AddScoped<Model.IDefinitionChangeHandler>(sp => sp.GetRequiredService<SubProcessors.SubProcessorNotices>());
        services.AddScoped<CustomerContactsSource>();
        services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<CustomerContactsSource>());
        services.AddScoped<IContactHolder>(sp => sp.GetRequiredService<CustomerContactsSource>());
        services.AddScoped<IRetentionSource, CustomerContactRetention>();
    }
}
