using Vern.Data;
using Vern.Features.Analytics;
using Vern.Features.Audit;
using Vern.Features.Backups;
using Vern.Features.Blocks;
using Vern.Features.Breaches;
using Vern.Features.Centre;
using Vern.Features.Consent;
using Vern.Features.Customers;
using Vern.Features.Disclosures;
using Vern.Features.Logs;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Policies.Notices;
using Vern.Features.Reference;
using Vern.Features.Retention;
using Vern.Features.Rights;
using Vern.Features.Rights.Connectors;
using Vern.Features.Ropa;
using Vern.Features.Site;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Cli;
using Vern.Infrastructure.Hosting;

namespace Vern;

public static class Program
{
    public static Task<int> Main(string[] args) => VernCommandLine.InvokeAsync(args);

    /// <summary>The whole application: every verb and every test starts from here.</summary>
    public static WebApplication BuildWebApp(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Named explicitly so Razor Pages are found when a test or benchmark is the entry assembly.
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddHosting();
        builder.AddDatabase();
        builder.AddSubjects();
        builder.AddStaff();
        builder.AddModel();
        builder.AddConsent();
        builder.AddSite();
        builder.AddNewsletter();
        builder.AddNotices();
        builder.AddCustomers();
        builder.AddBreaches();
        builder.AddDisclosures();
        builder.AddBlocks();
        builder.AddAnalytics();
        builder.AddRopa();
        builder.AddAudit();
        builder.AddRights();
        builder.AddRetention();
        builder.AddBackups();
        builder.AddLogs();
        builder.AddConnectors();
        builder.AddReference();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseHosting();
        app.UseBlocks();
        app.MapHosting();
        app.MapAudit();
        app.MapRopa();
        app.MapCentre();
        app.MapSite();
        app.MapConsent();
        app.MapRights();
        app.MapSubjects();
        app.MapNewsletter();
        app.MapAnalytics();
        app.MapCustomers();
        app.MapReference();
        return app;
    }
}
