using System.Text;
using Microsoft.Extensions.Configuration;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;
using Vern.Tests.Subjects;

namespace Vern.Tests.Staff;

/// <summary>
/// Whoever holds an authenticator secret can produce every code of that account: a copy of the
/// database must not hold it in a readable form.
/// </summary>
public sealed class AuthenticatorSecretTests
{
    [Fact]
    public async Task The_authenticator_secret_is_not_in_the_database_file_and_still_signs_in_on_SQLite()
    {
        await using var app = await TestApp.StartAsync();
        var secret = (await StaffSessions.CreateAsync(app, "sam@example.com", StaffRoles.Support, withAuthenticator: true))!;
        using (var session = await StaffSessions.SignInAsync(app, "sam@example.com", secret))
            Assert.Equal(System.Net.HttpStatusCode.OK, (await session.GetAsync("/admin/subjects")).StatusCode);
        SqlitePools.Clear(app.DataDirectory);

        var files = Directory.GetFiles(app.DataDirectory, "vern.db*");
        Assert.Contains(files, f => f.EndsWith("vern.db", StringComparison.Ordinal));
        foreach (var file in files)
            AssertAbsent(await File.ReadAllBytesAsync(file), secret, file);
    }

    [Fact]
    public async Task The_authenticator_secret_is_in_no_PostgreSQL_table()
    {
        await using var app = await TestApp.StartAsync(Provider.Postgres);
        var secret = (await StaffSessions.CreateAsync(app, "sam@example.com", StaffRoles.Support, withAuthenticator: true))!;
        using (var session = await StaffSessions.SignInAsync(app, "sam@example.com", secret))
            Assert.Equal(System.Net.HttpStatusCode.OK, (await session.GetAsync("/admin/subjects")).StatusCode);

        var dump = await PlaintextScanTests.DumpAsync(app.Get<IConfiguration>().GetConnectionString("Vern")!);
        Assert.Contains("AspNetUserTokens", dump, StringComparison.Ordinal);
        AssertAbsent(Encoding.UTF8.GetBytes(dump), secret, "the database");
    }

    private static void AssertAbsent(byte[] haystack, string secret, string where)
    {
        // As Identity stores it (upper-case base32) and as the enrolment page shows it (lower case).
        foreach (var needle in new[] { secret, secret.ToLowerInvariant(), secret[..16] })
            Assert.True(haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"The authenticator secret was found in {where}.");
    }
}
