using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Backups;

/// <summary>
/// Runs PostgreSQL's own <c>pg_dump</c>, <c>pg_restore</c> and <c>psql</c>: they know every object type and
/// version quirk of the server, which a dump written by hand would not.
/// </summary>
internal static class PostgresTools
{
    internal sealed record Result(int ExitCode, string Error, string Output = "");

    /// <summary>
    /// Runs <paramref name="tool"/> from PATH against the database of <paramref name="connectionString"/>.
    /// The connection travels in libpq's environment variables, never on the command line, where
    /// any user of the machine could read the password in the process list.
    /// </summary>
    public static async Task<Result> RunAsync(string tool, IEnumerable<string> args, string connectionString, CancellationToken ct)
    {
        using var process = Process.Start(Info(tool, args, connectionString, input: false)) ?? throw new StartupException($"{tool} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new Result(process.ExitCode, await error, await output);
    }

    /// <summary>
    /// psql runs any backslash command in its input, <c>\!</c> (a shell) included. pg_restore's
    /// <c>--restrict-key</c> (PostgreSQL 17.6, 16.10, 15.14, 14.19, 13.22 and later) makes psql refuse
    /// them; older tools cannot, so a restore refuses to start with them.
    /// </summary>
    public static async Task RequireRestrictKeyAsync(CancellationToken ct)
    {
        var help = await RunAsync("pg_restore", ["--help"], "", ct);
        if (!help.Output.Contains("--restrict-key", StringComparison.Ordinal))
            throw new StartupException(
                "pg_restore on PATH lacks --restrict-key, so psql could run commands hidden in an archive; install PostgreSQL client tools 17.6, 16.10, 15.14, 14.19, 13.22 or later, and nothing was changed.");
    }

    /// <summary>
    /// Runs <paramref name="producer"/> and feeds what it writes to <paramref name="consumer"/>, between a
    /// <paramref name="prelude"/> and an <paramref name="epilogue"/>. The epilogue is written only when the
    /// producer succeeded, so a consumer running a transaction never commits a half-read input.
    /// </summary>
    public static async Task<(Result Producer, Result Consumer)> PipeAsync(
        string producer, IEnumerable<string> producerArgs, string consumer, IEnumerable<string> consumerArgs,
        string prelude, string epilogue, string connectionString, CancellationToken ct)
    {
        using var reader = Process.Start(Info(producer, producerArgs, connectionString, input: false)) ?? throw new StartupException($"{producer} could not be started.");
        using var writer = Process.Start(Info(consumer, consumerArgs, connectionString, input: true)) ?? throw new StartupException($"{consumer} could not be started.");
        var readerError = reader.StandardError.ReadToEndAsync(ct);
        var writerOutput = writer.StandardOutput.ReadToEndAsync(ct);
        var writerError = writer.StandardError.ReadToEndAsync(ct);
        var fed = await WrittenAsync(async () =>
        {
            await writer.StandardInput.WriteAsync(prelude.AsMemory(), ct);
            await writer.StandardInput.FlushAsync(ct);
            await reader.StandardOutput.BaseStream.CopyToAsync(writer.StandardInput.BaseStream, ct);
        });
        // A producer whose consumer stopped reading would block on its full pipe for ever.
        if (!fed)
            reader.Kill(entireProcessTree: true);
        await reader.WaitForExitAsync(ct);
        if (fed && reader.ExitCode == 0)
            await WrittenAsync(async () => await writer.StandardInput.WriteAsync(epilogue.AsMemory(), ct));
        await WrittenAsync(() =>
        {
            writer.StandardInput.Close();
            return Task.CompletedTask;
        });
        await writer.WaitForExitAsync(ct);
        await writerOutput;
        return (new Result(reader.ExitCode, await readerError), new Result(writer.ExitCode, await writerError));
    }

    /// <summary>
    /// False when the consumer stopped reading: it failed, and its own error output says why, so the
    /// broken pipe is not an error of its own.
    /// </summary>
    private static async Task<bool> WrittenAsync(Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The tool's path, or one sentence telling the operator what to install.</summary>
    public static string Require(string tool) => Find(tool) ?? throw new StartupException(
        $"{tool} was not found on PATH; install the PostgreSQL client tools of the server's major version (on Debian, the postgresql-client package).");

    /// <summary>The first line pg_dump or pg_restore wrote to stderr, for a one-sentence error.</summary>
    public static string FirstLine(string error)
    {
        var line = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return line.TrimEnd('.');
    }

    public static string DatabaseName(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Database
        ?? throw new StartupException("ConnectionStrings:Vern names no Database; a restore must know which database to replace.");

    private static ProcessStartInfo Info(string tool, IEnumerable<string> args, string connectionString, bool input)
    {
        var info = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardInput = input,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in Environment(connectionString))
            info.Environment[name] = value;
        return info;
    }

    private static IEnumerable<(string, string)> Environment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Host))
            yield return ("PGHOST", builder.Host);
        yield return ("PGPORT", builder.Port.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(builder.Username))
            yield return ("PGUSER", builder.Username);
        if (!string.IsNullOrEmpty(builder.Password))
            yield return ("PGPASSWORD", builder.Password);
        if (!string.IsNullOrEmpty(builder.Database))
            yield return ("PGDATABASE", builder.Database);
        if (builder.Timeout > 0)
            yield return ("PGCONNECT_TIMEOUT", builder.Timeout.ToString(CultureInfo.InvariantCulture));
        yield return ("PGAPPNAME", "vern-backup");
        var sslMode = builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        yield return ("PGSSLMODE", sslMode);
    }

    private static string? Find(string tool)
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
                return candidate;
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
                return candidate + ".exe";
        }
        return null;
    }
}
