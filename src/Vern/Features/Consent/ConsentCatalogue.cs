using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// Every consent revision there has been and the banner configuration of each, kept in memory:
/// the config endpoint and the decision endpoint are on every page view of every customer site,
/// so neither may parse the model or query the database for what rarely changes.
/// </summary>
internal sealed class ConsentCatalogue(ModelStore models, IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    /// <summary>How long a newly published policy version may take to show in the config and records.</summary>
    public static readonly TimeSpan PolicyRefresh = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile ConsentSnapshot? snapshot;

    public async ValueTask<ConsentSnapshot> GetAsync(CancellationToken ct)
    {
        var current = snapshot;
        if (current is not null && current.ModelVersion == models.Current.Version && time.GetUtcNow() < current.FreshUntil)
            return current;
        await gate.WaitAsync(ct);
        try
        {
            current = snapshot;
            if (current is not null && current.ModelVersion == models.Current.Version && time.GetUtcNow() < current.FreshUntil)
                return current;
            return snapshot = await BuildAsync(current, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<ConsentSnapshot> BuildAsync(ConsentSnapshot? previous, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var modelVersion = models.Current.Version;
        var revisions = previous?.ModelVersion == modelVersion ? previous.Revisions : Revisions(await models.HistoryAsync(db, ct));

        var policyVersions = new Dictionary<string, int?>();
        foreach (var language in Languages.Supported)
            policyVersions[language] = (await PolicyHistory.Current(db, time, language, ct))?.Number;

        var configs = new Dictionary<(int, string), BannerConfig>();
        foreach (var revision in revisions.Values)
            foreach (var language in Languages.Supported)
                configs[(revision.Number, language)] = BannerConfig.Build(revision.Model, revision.Number, language, policyVersions[language]);
        return new ConsentSnapshot(modelVersion, revisions, configs, policyVersions, time.GetUtcNow() + PolicyRefresh);
    }

    /// <summary>
    /// Numbers the consent projections of all model versions: the revision goes up whenever the
    /// projection differs from the version before, so returning to an earlier wording still asks again.
    /// </summary>
    private static Dictionary<int, ConsentRevision> Revisions(IReadOnlyList<DatedModel> versions)
    {
        var revisions = new Dictionary<int, ConsentRevision>();
        string? last = null;
        var number = 0;
        foreach (var version in versions)
        {
            var model = version.Model;
            var hash = ConsentProjection.Hash(model);
            if (hash != last)
                number++;
            last = hash;
            // The newest model version of a revision speaks for it: they differ only outside consent.
            revisions[number] = new ConsentRevision(number, model, ConsentProjection.GpcRefuses(model));
        }
        return revisions;
    }
}

internal sealed record ConsentRevision(int Number, PrivacyModel Model, IReadOnlyList<string> GpcRefuses);

internal sealed record ConsentSnapshot(
    int ModelVersion,
    IReadOnlyDictionary<int, ConsentRevision> Revisions,
    IReadOnlyDictionary<(int Revision, string Language), BannerConfig> Configs,
    IReadOnlyDictionary<string, int?> PolicyVersions,
    DateTimeOffset FreshUntil)
{
    public int CurrentRevision => Revisions.Count == 0 ? 0 : Revisions.Keys.Max();

    public BannerConfig Config(int revision, string language) => Configs[(revision, language)];
}
