using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Vern.Infrastructure.Crypto;

namespace Vern.Bench;

/// <summary>The whole Vern application, built (not started) over a run's fresh databases.</summary>
internal static class BenchApp
{
    public static WebApplication Build(BenchDatabases databases, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>(databases.Settings)
        {
            // The vault logs every subject it adds; 100,000 console lines would be measured too.
            ["Logging:LogLevel:Default"] = "Warning",
            // EF checks a fresh PostgreSQL database for its migrations table by failing a query and logs
            // that as an error; real failures still surface as exceptions that stop the run.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
            // A master key of the run's own, so no key file is generated (and warned about) in the temp directory.
            ["Vern:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKey.Size)),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        return Vern.Program.BuildWebApp([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")]);
    }

    public static void Log(BenchProvider provider, string message) => Console.WriteLine($"[{provider}] {message}");
}
