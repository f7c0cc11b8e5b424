using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>On first run, publishes the shipped policy in each language so the privacy centre is never empty.</summary>
internal static class DefaultPolicies
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (await db.PolicyVersions.AnyAsync(ct))
            return;
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var notices = scope.ServiceProvider.GetRequiredService<Notices.ChangeNotices>();
        foreach (var language in Languages.Supported)
        {
            var imported = await ImportPolicy.Handle(db, time, Text(language), "system", language, ct);
            var version = imported.Version ?? throw new InvalidOperationException($"The shipped {language} policy is invalid: {string.Join(" ", imported.Errors)}");
            var errors = await PublishPolicy.Handle(db, notices, time, version.Id, new Publication(OsloCalendar.Today(time), Significant: false, Summary: null, NoticeTo: [], ShortNoticeReason: null), "system", ct);
            if (errors.Count > 0)
                throw new InvalidOperationException(errors[0]);
        }
    }

    private static string Text(string language)
    {
        var name = $"Vern.default-policy-{language}.md";
        using var stream = typeof(DefaultPolicies).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is missing: every supported language needs a shipped policy.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
