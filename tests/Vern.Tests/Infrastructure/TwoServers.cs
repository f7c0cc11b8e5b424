using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// Two Vern servers sharing one PostgreSQL database and key store, as a deployment behind a load balancer
/// runs them: each has a data directory of its own, both have the settings every instance must share (the
/// master key, the visitor id key, the receipt signing key), and both send e-mail to one SMTP server. Every
/// background job runs on both, unless the settings turn it off.
/// </summary>
public sealed class TwoServers : IAsyncDisposable
{
    // Settings that point a second app at the first one's databases; its data directory stays its own.
    private static readonly string[] DatabaseSettings = ["Database:Provider", "ConnectionStrings:Vern", "KeyStore:Provider", "ConnectionStrings:VernKeys"];

    private TwoServers(SmtpSink smtp, TestApp first, TestApp second)
    {
        Smtp = smtp;
        First = first;
        Second = second;
    }

    public SmtpSink Smtp { get; }

    /// <summary>Created the databases, and drops them when disposed.</summary>
    public TestApp First { get; }

    public TestApp Second { get; }

    public IReadOnlyList<TestApp> Both => [First, Second];

    /// <param name="settings">Settings for both servers, on top of the shared ones.</param>
    /// <param name="configure">Applied to both servers, such as one FakeTimeProvider for both.</param>
    /// <param name="second">Settings for the second server only, where the two differ.</param>
    public static async Task<TwoServers> StartAsync(
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, IDictionary<string, string?>? second = null)
    {
        var smtp = new SmtpSink();
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var shared = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Vern:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Vern:Consent:VisitorIdKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Vern:Consent:SigningKey"] = signing.ExportPkcs8PrivateKeyPem(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            shared[key] = value;

        TestApp? first = null;
        try
        {
            first = await TestApp.StartAsync(Provider.Postgres, shared, configure);
            var joined = new Dictionary<string, string?>(shared);
            foreach (var (key, value) in second ?? new Dictionary<string, string?>())
                joined[key] = value;
            foreach (var argument in first.VerbArguments.Select(a => a.TrimStart('-').Split('=', 2)).Where(a => DatabaseSettings.Contains(a[0])))
                joined[argument[0]] = argument[1];
            // Started as SQLite and pointed at the first server's PostgreSQL databases, so that only the first drops them.
            return new TwoServers(smtp, first, await TestApp.StartAsync(Provider.Sqlite, joined, configure));
        }
        catch
        {
            if (first is not null)
                await first.DisposeAsync();
            await smtp.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
