using Vern.Tests.Infrastructure;

namespace Vern.Tests.Data;

/// <summary>An operator's mistake stops start-up with one clear sentence, not a stack trace.</summary>
public sealed class BadConfigurationTests
{
    [Theory]
    [InlineData("--Database:Provider=Oracle", "Database:Provider must be 'Sqlite' or 'Postgres', not 'Oracle'.")]
    [InlineData("--Database:Provider=Postgres", "ConnectionStrings:Vern is not set")]
    [InlineData("--Vern:MasterKey=not-a-key", "The master key must be 32 bytes in base64")]
    [InlineData("--KeyStore:Provider=Vault", "KeyStore:Provider must be 'Sqlite' or 'Postgres'")]
    [InlineData("--Rights:PackageLifetime=a month", "Rights:PackageLifetime must be a positive time span")]
    [InlineData("--Vern:PublicUrl=privacy.example.com", "Vern:PublicUrl must be an address such as https://privacy.example.com, with no path, not 'privacy.example.com'.")]
    [InlineData("--Vern:TrustedProxies=proxy.internal", "Vern:TrustedProxies must list IP addresses or networks such as 10.0.0.0/8, not 'proxy.internal'.")]
    public async Task A_bad_setting_fails_start_up_with_one_sentence(string setting, string expected)
    {
        var outcome = await VernProcess.RunAsync(["migrate", setting]);

        AssertCleanFailure(outcome, expected);
    }

    [Theory]
    [InlineData(null, "Vern:PublicUrl must be set to the https address people reach Vern at, such as https://privacy.example.com, outside Development.")]
    [InlineData("http://privacy.example.com", "Vern:PublicUrl must be an https address outside Development, not 'http://privacy.example.com/'.")]
    public async Task Outside_Development_serving_needs_an_https_public_url(string? publicUrl, string expected)
    {
        var outcome = await VernProcess.RunAsync(["serve", "--urls=http://127.0.0.1:0", .. publicUrl is null ? Array.Empty<string>() : [$"--Vern:PublicUrl={publicUrl}"]]);

        AssertCleanFailure(outcome, expected);
    }

    [Fact]
    public async Task An_unreachable_database_server_fails_start_up_with_one_sentence()
    {
        // Port 9 (discard) on loopback: nothing listens there.
        var outcome = await VernProcess.RunAsync(["serve", "--Vern:PublicUrl=https://privacy.example.com", "--Database:Provider=Postgres", "--ConnectionStrings:Vern=Host=127.0.0.1;Port=9;Database=vern;Timeout=3"]);

        AssertCleanFailure(outcome, "The Postgres database cannot be reached or migrated");
    }

    [Fact]
    public async Task An_unknown_verb_is_refused()
    {
        var outcome = await VernProcess.RunAsync(["mgirate"]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("'mgirate' is not a verb of Vern", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_then_staff_add_work_from_the_command_line_and_a_weak_password_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("vern-cli-").FullName;

        var migrate = await VernProcess.RunAsync(["migrate"], dataDirectory: directory);
        var weak = await VernProcess.RunAsync(["staff", "add", "--email", "po@example.com", "--role", "privacy-officer", "--password-stdin"], "password12345", directory);
        var strong = await VernProcess.RunAsync(["staff", "add", "--email", "po@example.com", "--role", "privacy-officer", "--password-stdin"], "a quiet harbour at dawn", directory);
        var wrongRole = await VernProcess.RunAsync(["staff", "add", "--email", "x@example.com", "--role", "admin", "--password-stdin"], "a quiet harbour at dawn", directory);

        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("database is up to date", migrate.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "data", "vern.db")));
        AssertCleanFailure(weak, "too common");
        Assert.Equal(0, strong.ExitCode);
        Assert.Contains("Created po@example.com as privacy-officer", strong.Output, StringComparison.Ordinal);
        AssertCleanFailure(wrongRole, "The role must be one of: privacy-officer, support, marketing, auditor, account-manager.");
    }

    private static void AssertCleanFailure(VernProcess.Outcome outcome, string expected)
    {
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Error, StringComparison.Ordinal);
        Assert.Single(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
