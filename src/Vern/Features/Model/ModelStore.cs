using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Retention;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Model;

/// <summary>
/// Holds the current definition. The file <c>privacy-model.yaml</c> in the data directory is where it
/// is written (by hand or from the console); every accepted change becomes a numbered, audited
/// version in the database, and everything generated reads <see cref="Current"/>.
/// </summary>
internal sealed partial class ModelStore(IServiceScopeFactory scopes, DataDirectory dataDirectory, TimeProvider time, ILogger<ModelStore> logger)
{
    public const string FileName = "privacy-model.yaml";
    private volatile CurrentModel? current;
    private volatile IReadOnlyList<DatedModel> history = [];

    public string FilePath => dataDirectory.File(FileName);

    public CurrentModel Current => current ?? throw new InvalidOperationException("The privacy model is not loaded yet.");

    public static string DefaultYaml()
    {
        using var stream = typeof(ModelStore).Assembly.GetManifestResourceStream("Vern.default-model.yaml")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// At start-up: writes the default definition on first run, records the file as a new version
    /// when it was edited by hand, and loads the newest version.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(FilePath))
            await File.WriteAllTextAsync(FilePath, DefaultYaml(), ct);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var latest = await db.ModelVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        var yaml = await File.ReadAllTextAsync(FilePath, ct);
        if (latest is null || latest.Sha256 != Hash(yaml))
        {
            var saved = await SaveAsync(yaml, latest is null ? "system" : "file", latest is null ? "First version" : "Edited in " + FileName, writeFile: false, ct);
            if (saved.Count > 0)
            {
                foreach (var error in saved)
                    LogInvalidFile(logger, error.ToString());
                if (latest is null)
                    throw new StartupException($"{FilePath} is not a valid privacy definition: {saved[0]} (run 'model check {FilePath}' to see every problem).");
            }
        }
        if (current is null)
        {
            latest = await db.ModelVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstAsync(ct);
            current = new CurrentModel(ModelParser.Parse(latest.Yaml, FileName).Model!, latest.Number, latest.CreatedAt, latest.Yaml);
        }
        // A version stored before Vern learnt to check it may promise what no feature carries out.
        if (RetentionProblems(scope.ServiceProvider, current.Model) is { Count: > 0 } problems)
            throw new StartupException($"The privacy definition in force (version {current.Version}) makes retention promises Vern cannot keep: "
                + string.Join(" ", problems.Select(p => p.Message)));
    }

    /// <summary>What in <paramref name="model"/>'s retention no feature of Vern carries out, as errors of its <c>retention</c> field.</summary>
    public static List<ModelError> RetentionProblems(IServiceProvider services, PrivacyModel model, string file = FileName) =>
        [.. RetentionPlan.Problems(model, services.GetServices<IRetentionSource>()).Select(p => new ModelError(file, 0, "retention", p))];

    /// <summary>Validates and records a new version; returns the errors instead when it is not valid.</summary>
    public async Task<IReadOnlyList<ModelError>> SaveAsync(string yaml, string author, string? comment, bool writeFile, CancellationToken ct)
    {
        var parsed = ModelParser.Parse(yaml, FileName);
        if (!parsed.IsValid)
            return parsed.Errors;

        await using var scope = scopes.CreateAsyncScope();
        if (RetentionProblems(scope.ServiceProvider, parsed.Model!) is { Count: > 0 } problems)
            return problems;
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var number = (await db.ModelVersions.MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = new ModelVersion
        {
            Number = number,
            Yaml = yaml,
            Sha256 = Hash(yaml),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            Author = author,
            Comment = comment,
        };
        var previous = await db.ModelVersions.AsNoTracking().OrderByDescending(v => v.Number).Select(v => v.Yaml).FirstOrDefaultAsync(ct);
        var before = previous is null ? null : ModelParser.Parse(previous, FileName).Model;
        var handlers = scope.ServiceProvider.GetServices<IDefinitionChangeHandler>().ToList();
        if (before is not null && handlers.SelectMany(h => h.Check(before, parsed.Model!)).ToList() is { Count: > 0 } refused)
            return refused;
        db.ModelVersions.Add(version);
        db.AuditEntries.Add(AuditEntry.Create(time, author, "model.changed", details: $"version {number}" + (comment is null ? "" : $": {comment}")));
        if (before is not null)
            foreach (var handler in handlers)
                await handler.StageAsync(before, parsed.Model!, number, author, ct);
        await db.SaveChangesAsync(ct);
        foreach (var handler in handlers)
            await handler.DeliverAsync(ct);
        if (writeFile)
        {
            var temp = FilePath + ".new";
            await File.WriteAllTextAsync(temp, yaml, ct);
            File.Move(temp, FilePath, overwrite: true);
        }
        current = new CurrentModel(parsed.Model!, number, version.CreatedAt, yaml);
        LogVersion(logger, number);
        return [];
    }

    /// <summary>
    /// Every accepted version, oldest first, each parsed once: versions never change, so a call
    /// reads only those added since the last one (by this instance or another).
    /// </summary>
    public async Task<IReadOnlyList<DatedModel>> HistoryAsync(AppDb db, CancellationToken ct)
    {
        var known = history;
        var last = known.Count == 0 ? 0 : known[^1].Version;
        var rows = await db.ModelVersions.AsNoTracking().Where(v => v.Number > last).OrderBy(v => v.Number)
            .Select(v => new { v.Number, v.CreatedAt, v.Yaml }).ToListAsync(ct);
        if (rows.Count == 0)
            return known;
        IReadOnlyList<DatedModel> extended = [.. known, .. rows
            .Select(v => (v.Number, v.CreatedAt, ModelParser.Parse(v.Yaml, FileName).Model))
            .Where(v => v.Model is not null)
            .Select(v => new DatedModel(v.Number, DateTime.SpecifyKind(v.CreatedAt, DateTimeKind.Utc), v.Model!))];
        // Two concurrent callers compute the same list; whichever lands, none is lost.
        history = extended;
        return extended;
    }

    private static string Hash(string yaml) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));

    [LoggerMessage(Level = LogLevel.Error, Message = "The privacy definition file was not accepted: {Problem}")]
    private static partial void LogInvalidFile(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Privacy definition version {Version} is now current")]
    private static partial void LogVersion(ILogger logger, int version);
}

/// <summary>One accepted version of the definition and when it was accepted.</summary>
internal sealed record DatedModel(int Version, DateTime At, PrivacyModel Model);

/// <summary>The definition in force, with its version number.</summary>
internal sealed record CurrentModel(PrivacyModel Model, int Version, DateTime Since, string Yaml);
