using System.Diagnostics;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Newsletter.Campaigns;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;

namespace Vern.Bench;

/// <summary>The command line of the <c>newsletter</c> benchmark.</summary>
internal sealed record NewsletterOptions(IReadOnlyList<BenchProvider> Providers, int Subscribers, bool OneClickOnly = false)
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project bench/Vern.Bench -- newsletter [options]

          --provider sqlite|postgres|both   which database to measure (default: sqlite)
          --subscribers N                   confirmed subscribers to seed and send to (default: 100000)
          --one-click-only                  measure only the one-click unsubscribes, not the send
        """;

    public static NewsletterOptions Parse(IReadOnlyList<string> args)
    {
        var options = new NewsletterOptions([BenchProvider.Sqlite], 100_000);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--one-click-only")
            {
                options = options with { OneClickOnly = true };
                continue;
            }
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--provider" => options with { Providers = VaultOptions.ParseProviders(value) },
                "--subscribers" => options with { Subscribers = VaultOptions.Positive(name, value) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }
}

/// <summary>One send, and the largest resident set seen while it ran.</summary>
internal sealed record SendFigures(int Messages, TimeSpan Elapsed, long PeakRssBytes)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;
}

/// <summary>
/// A campaign to every confirmed subscriber through a local SMTP server, against the ceiling the issue sets: at least
/// 70% of the messages per second that a minimal MailKit loop reaches sending the same rendered messages to the same
/// server, measured in the same run (the loop before and after Vern's send), and a resident set under 300 MB while
/// Vern sends. The loop renders each message as Vern does (the same <see cref="NewsletterMail"/> and
/// <see cref="Mailer"/>) and sends it over one connection; Vern adds the queue, the lease, the processing gate's
/// check and the vault's decryption per recipient, and the writes that make a resumed send skip nobody and
/// repeat nobody.
/// </summary>
internal static class NewsletterBenchmark
{
    public const double RatioFloor = 0.70;
    public const long MemoryCeiling = 300L * 1024 * 1024;
    public const double OneClickCeilingMs = 25;
    private const int Connections = 64;
    private const int OneClickSeconds = 20;

    private static readonly CampaignEdition Edition = new("Nordlys news, December", """
        ## Dashboards twice as fast

        The dashboards you use every day now load **twice as fast**, and the funnel report keeps up with
        a million events a day. Read what changed in [the changelog](https://nordlys.example/changelog).

        ## New: cohorts without cookies

        Cohorts now work from first-party events only, with IP addresses masked before they are stored.

        - Retention by week of first visit
        - Cohorts by campaign, from UTM parameters
        - Export to CSV

        Thank you for reading, and see you in January.
        """);

    public static async Task<(SendFigures? Before, SendFigures? Vern, SendFigures? After, string OneClick)> RunAsync(BenchProvider provider, NewsletterOptions options, CancellationToken ct)
    {
        await using var smtp = new BenchSmtpServer();
        await using var databases = await BenchDatabases.CreateAsync(provider, ct);
        var settings = new Dictionary<string, string>
        {
            ["Vern:PublicUrl"] = "https://privacy.example.com",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            // The benchmark sends the campaign itself, unthrottled; nothing else may pick up work meanwhile.
            ["Newsletter:MessagesPerSecond"] = "1000000000",
            ["Newsletter:CheckEvery"] = "1.00:00:00",
            ["Vern:Retention:Enabled"] = "false",
            ["Vern:Rights:Fulfilment:Enabled"] = "false",
        };
        // Vern sends from a process of its own, as it runs in production, so its memory is its own: it needs the same master key.
        settings["Vern:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(MasterKey.Size));
        await using var app = BenchApp.Build(databases, settings);
        var services = app.Services;
        BenchApp.Log(provider, "migrating a fresh database");
        await Startup.PrepareAsync(services, migrate: true, ct);
        var recipients = await SeedAsync(provider, databases, services, options.Subscribers, ct);
        if (options.OneClickOnly)
            return (null, null, null, await OneClickAsync(services, recipients, [.. databases.Settings.Concat(settings).Select(kv => $"--{kv.Key}={kv.Value}")], databases.DataDirectory, ct));

        BenchApp.Log(provider, "the plain MailKit loop, before");
        var before = await LoopAsync(services, recipients, ct);
        BenchApp.Log(provider, $"  {before.PerSecond:N0} messages/s");
        BenchApp.Log(provider, "Vern's send");
        var vern = await VernAsync(services, smtp, recipients.Count, [.. databases.Settings.Concat(settings).Select(kv => $"--{kv.Key}={kv.Value}")], databases.DataDirectory, ct);
        BenchApp.Log(provider, $"  {vern.PerSecond:N0} messages/s");
        BenchApp.Log(provider, "the plain MailKit loop, after");
        var after = await LoopAsync(services, recipients, ct);
        BenchApp.Log(provider, $"  {after.PerSecond:N0} messages/s");
        BenchApp.Log(provider, $"one-click unsubscribes, {Connections} connections, {OneClickSeconds} s");
        var oneClick = await OneClickAsync(services, recipients, [.. databases.Settings.Concat(settings).Select(kv => $"--{kv.Key}={kv.Value}")], databases.DataDirectory, ct);
        BenchApp.Log(provider, $"  {oneClick}");
        return (before, vern, after, oneClick);
    }

    /// <summary>Subjects, their subscriptions and each subscription's confirmation in the ledger, in bulk.</summary>
    private static async Task<List<(Guid Subscriber, string Email)>> SeedAsync(BenchProvider provider, BenchDatabases databases, IServiceProvider services, int count, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var subscribers = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7(now)).Order().ToArray();
        var plan = SyntheticConsent.OnePerSubject([.. subscribers.Select(Subscriber.ConsentIdOf)]);
        var subjects = await BulkSubjectSeeder.SeedAsync(provider, databases, services, count, plan, _ => [now.UtcDateTime.AddDays(-30)], ct);

        BenchApp.Log(provider, $"  {count:N0} subscriptions");
        var hasher = services.GetRequiredService<LookupHasher>();
        var rows = new Subscriber[count];
        for (var n = 0; n < count; n++)
            rows[n] = new Subscriber
            {
                Id = subscribers[n],
                SubjectId = subjects.Ids[n],
                EmailLookup = await hasher.HashEmailAsync(SyntheticPeople.Email(n), ct),
                Language = "en",
                Status = SubscriberStatus.Subscribed,
                AskedAt = now.UtcDateTime.AddDays(-30),
                ConfirmedAt = now.UtcDateTime.AddDays(-30),
            };
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await db.Database.OpenConnectionAsync(ct);
            var writer = new BulkWriter<Subscriber>(db, provider);
            foreach (var chunk in rows.Chunk(20_000))
                await writer.InsertAsync(chunk);
            await db.Database.CloseConnectionAsync();
        }

        var category = NewsletterConsent.Category(services.GetRequiredService<ModelStore>().Current.Model)
            ?? throw new BenchSetupException("The shipped definition has no newsletter category.");
        var answer = $$"""{"{{category.Id}}":true}""";
        await ConsentSeeder.SeedAsync(provider, services, plan, seed: 42, recordedAt: _ => now.UtcDateTime.AddDays(-30), ct,
            only: (ConsentAction.Confirm, answer, answer, NewsletterConsent.TextHash(category, "en")));
        return [.. Enumerable.Range(0, count).Select(n => (subscribers[n], SyntheticPeople.Email(n)))];
    }

    /// <summary>The ceiling: every recipient's message rendered as Vern renders it and sent over one connection, nothing else.</summary>
    private static async Task<SendFigures> LoopAsync(IServiceProvider services, List<(Guid Subscriber, string Email)> recipients, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var mail = scope.ServiceProvider.GetRequiredService<NewsletterMail>();
        var mailer = scope.ServiceProvider.GetRequiredService<Mailer>();
        using var client = new SmtpClient();
        await mailer.ConnectAsync(client, ct);
        using var memory = new PeakMemory();
        var clock = Stopwatch.StartNew();
        foreach (var (subscriber, email) in recipients)
        {
            var message = mailer.Build(await mail.CampaignAsync(email, subscriber, "en", Edition, ct), $"{Guid.CreateVersion7():N}@{mailer.MessageIdDomain}");
            await client.SendAsync(message, ct);
        }
        var elapsed = clock.Elapsed;
        await client.DisconnectAsync(quit: true, ct);
        return new SendFigures(recipients.Count, elapsed, memory.Peak);
    }

    /// <summary>
    /// Vern's own path: the campaign written and scheduled for now, then sent by a Vern server of its own (<c>serve</c>,
    /// the built Vern.dll), whose background job finds it due. Timed from the moment that server claims the campaign
    /// (before it queues the recipients) until the campaign is sent; the server's resident set (VmRSS) sampled meanwhile.
    /// </summary>
    private static async Task<SendFigures> VernAsync(IServiceProvider services, BenchSmtpServer smtp, int count, string[] args, string directory, CancellationToken ct)
    {
        Guid id;
        await using (var scope = services.CreateAsyncScope())
        {
            var campaigns = scope.ServiceProvider.GetRequiredService<Campaigns>();
            var campaign = await campaigns.CreateAsync(new CampaignInput("December", new Dictionary<string, CampaignEdition> { ["en"] = Edition }), "bench", ct);
            await campaigns.ScheduleAsync(campaign.Id, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, "bench", ct);
            id = campaign.Id;
        }
        var received = smtp.Received;
        using var process = Serve(directory, ["--urls=http://127.0.0.1:0", .. args, "--Newsletter:CheckEvery=00:00:00.100"]);
        try
        {
            long peak = 0;
            long? claimed = null;
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                    throw new BenchSetupException($"Vern exited with code {process.ExitCode} before the campaign was sent.");
                if (deadline.Elapsed > TimeSpan.FromMinutes(30))
                    throw new LookupMismatchException("the campaign was not sent within 30 minutes.");
                await Task.Delay(50, ct);
                await using var scope = services.CreateAsyncScope();
                var campaign = await scope.ServiceProvider.GetRequiredService<AppDb>().Campaigns.AsNoTracking().SingleAsync(c => c.Id == id, ct);
                if (campaign.SenderId is null)
                    continue;
                claimed ??= Stopwatch.GetTimestamp();
                peak = Math.Max(peak, ResidentBytes(process.Id));
                if (campaign.Status == CampaignStatus.Sent)
                    break;
            }
            var elapsed = Stopwatch.GetElapsedTime(claimed!.Value);
            await using var check = services.CreateAsyncScope();
            var sent = await check.ServiceProvider.GetRequiredService<AppDb>().CampaignMessages.CountAsync(m => m.CampaignId == id && m.Status == DeliveryStatus.Sent, ct);
            if (sent != count || smtp.Received - received != count)
                throw new LookupMismatchException($"{sent:N0} of {count:N0} messages are recorded sent; the server received {smtp.Received - received:N0}.");
            return new SendFigures(count, elapsed, peak);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// <c>POST /newsletter/unsubscribe/{token}</c> as mail programs send it, from wrk with 64 connections against a Vern
    /// server of its own (rate limiting off), each request a different subscriber, so each one unsubscribes someone:
    /// the ledger's withdrawal, the status and the suppression. Returns wrk's line: requests per second, p50 and p99 in ms.
    /// </summary>
    private static async Task<string> OneClickAsync(IServiceProvider services, List<(Guid Subscriber, string Email)> recipients, string[] args, string directory, CancellationToken ct)
    {
        var tokens = services.GetRequiredService<SubscriberTokens>();
        var paths = Path.Combine(directory, "unsubscribe-paths.txt");
        await using (var file = File.CreateText(paths))
            foreach (var (subscriber, _) in recipients)
                await file.WriteLineAsync($"/newsletter/unsubscribe/{await tokens.PageTokenAsync(subscriber, ct)}");
        var port = FreePort();
        using var process = Serve(directory, [$"--urls=http://127.0.0.1:{port}", .. args, "--Vern:RateLimiting:Enabled=false"]);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            for (var tries = 0; ; tries++)
            {
                try
                {
                    if ((await http.GetAsync("/healthz", ct)).IsSuccessStatusCode)
                        break;
                }
                catch (HttpRequestException) when (tries < 300)
                {
                    // Not listening yet.
                }
                await Task.Delay(100, ct);
            }
            var wrk = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-t2", $"-c{Connections}", $"-d{OneClickSeconds}s", "--latency", "-s", Path.Combine(AppContext.BaseDirectory, "unsubscribe.lua"), $"http://127.0.0.1:{port}" })
                wrk.ArgumentList.Add(arg);
            wrk.Environment["VERN_PATHS"] = paths;
            using var load = Process.Start(wrk) ?? throw new BenchSetupException("wrk did not start: apt-get install wrk");
            var output = await load.StandardOutput.ReadToEndAsync(ct);
            await load.WaitForExitAsync(ct);
            return output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT", StringComparison.Ordinal))
                ?? throw new BenchSetupException($"wrk printed no result: {output}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>The built Vern.dll serving with <paramref name="args"/>, its output drained and dropped.</summary>
    private static Process Serve(string directory, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(Vern.Program).Assembly.Location);
        info.ArgumentList.Add("serve");
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The process's largest resident set (VmRSS) while it is alive, sampled every 100 ms.</summary>
    private sealed class PeakMemory : IDisposable
    {
        private readonly Timer timer;
        private long peak;

        public PeakMemory() => timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

        public long Peak
        {
            get
            {
                Sample();
                return Interlocked.Read(ref peak);
            }
        }

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            var rss = process.WorkingSet64;
            long seen;
            while (rss > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, rss, seen) != seen)
            {
            }
        }

        public void Dispose() => timer.Dispose();
    }
}
