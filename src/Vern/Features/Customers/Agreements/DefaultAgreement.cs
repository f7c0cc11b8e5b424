using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Customers.Agreements;

/// <summary>On first run, publishes the shipped data processing agreement, so a customer can be asked to accept one from the start.</summary>
internal static class DefaultAgreement
{
    private const string Resource = "Vern.default-dpa-en.md";

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (await db.DpaVersions.AnyAsync(ct))
            return;
        var agreements = scope.ServiceProvider.GetRequiredService<Agreements>();
        await using var stream = typeof(DefaultAgreement).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is missing.");
        using var reader = new StreamReader(stream);
        var (version, errors) = await agreements.DraftAsync(await reader.ReadToEndAsync(ct), "system", ct);
        if (version is null)
            throw new InvalidOperationException($"The shipped data processing agreement is invalid: {string.Join(" ", errors)}");
        if ((await agreements.PublishAsync(version.Number, summary: null, "system", ct)) is [var problem, ..])
            throw new InvalidOperationException(problem);
    }
}
