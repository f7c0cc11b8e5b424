using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Email;
using Vern.Tests.Infrastructure;
using Vern.Tests.Subjects;

namespace Vern.Tests.Rights;

/// <summary>
/// Rights intake must not tell anyone whether an address is known: not the caller (by the answer or
/// its timing), not whoever reads the database (by the rows written), and an address Vern did not
/// know is not kept once its request is over.
/// </summary>
public sealed class UnknownAddressTests
{
    private const string Known = "known.person@example.no";
    private const string Objected = "objected.person@example.no";

    private static async Task SeedAsync(TestApp app)
    {
        await RequestFlow.KnownPersonAsync(app, new PersonalDetails(Known, "Known Person"));
        var objected = await RequestFlow.KnownPersonAsync(app, new PersonalDetails(Objected, "Objected Person"));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        (await db.Subjects.SingleAsync(s => s.Id == objected)).MarketingObjectionAt = DateTime.UnixEpoch;
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_request_writes_the_same_rows_and_gets_the_same_answer_for_a_known_an_objected_and_an_unknown_address(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Vern:Rights:Fulfilment:Enabled"] = "false" });
        await SeedAsync(app);
        using var client = app.CreateClient();

        var seen = new List<(string Address, HttpStatusCode Status, string Shape, SortedDictionary<string, long> Rows)>();
        foreach (var email in new[] { Known, Objected, "never.seen@example.no" })
        {
            var before = await RowCounts.TakeAsync(app);
            using var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var shape = string.Join(",", body.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}")) + " " + body.GetProperty("status").GetString();
            seen.Add((email, response.StatusCode, shape, RowCounts.Delta(before, await RowCounts.TakeAsync(app))));
        }

        Assert.All(seen, s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
        Assert.Single(seen.Select(s => s.Shape).Distinct());
        var rows = seen[0].Rows;
        Assert.Contains("RightsRequests", rows.Keys);
        Assert.All(seen, s => Assert.True(rows.SequenceEqual(s.Rows), $"{s.Address} wrote {Describe(s.Rows)}; {Known} wrote {Describe(rows)}"));
    }

    [Fact]
    public async Task A_request_for_a_known_address_takes_as_long_as_one_for_an_address_never_seen()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:Rights:Fulfilment:Enabled"] = "false" });
        await SeedAsync(app);
        using var client = app.CreateClient();

        async Task PostAsync(string email)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // Each unknown address is new every time: once asked about, an address would otherwise be known.
        var ratio = await Timings.MedianRatioAsync(60, _ => PostAsync(Known), i => PostAsync($"stranger.{i + 10}@example.no"));

        Assert.InRange(ratio, 0.7, 1.4);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Once_an_unconfirmed_request_for_an_unknown_address_expires_neither_the_address_nor_its_lookup_hash_is_left(Provider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(provider, settings: new Dictionary<string, string?> { ["Rights:UnverifiedExpiry"] = "P3D" },
            configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        const string email = "solveig.tryhard.5512@example.no";
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "erasure", email, details = "Solveig Tryhard-Nilsen" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await using (var scope = app.CreateScope())
        {
            var services = scope.ServiceProvider;
            Assert.Equal(1, await ExpireUnverifiedRequests.Handle(services.GetRequiredService<AppDb>(), services.GetRequiredService<SubjectVault>(),
                services.GetRequiredService<MailOutbox>(), clock, services.GetRequiredService<RightsOptions>(), CancellationToken.None));
        }

        // The person was told the request expired, at the address they gave, before it was forgotten.
        Assert.Contains(await RequestFlow.OutboxAsync(app), m => m.To.Mailboxes.Single().Address == email && (m.TextBody ?? "").Contains("not confirmed within 3 days", StringComparison.Ordinal));
        await AssertForgottenAsync(app, email, "Tryhard-Nilsen");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Once_a_request_for_an_unknown_address_is_answered_neither_the_address_nor_its_lookup_hash_is_left(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        const string email = "ragnhild.nobody.8830@example.no";
        using var visitor = app.CreateClient();

        var id = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", email);
        await RequestFlow.WaitForMailAsync(app, email, "We found no data under your address");
        await RequestFlow.UntilAsync(app, async db => await db.RightsRequests.AnyAsync(r => r.Id == id && r.Status == RightsRequestStatus.Unidentified)
            && await db.AuditEntries.AnyAsync(e => e.Action == "subject.forgotten"), "the request closed and the address forgotten");

        await AssertForgottenAsync(app, email, null);
    }

    [Fact]
    public async Task A_request_for_a_known_address_still_finds_the_person_once_confirmed()
    {
        await using var app = await TestApp.StartAsync();
        var subjectId = await RequestFlow.KnownPersonAsync(app, new PersonalDetails(Known, "Known Person"));
        using var visitor = app.CreateClient();

        var id = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", Known);

        await RequestFlow.WaitForMailAsync(app, Known, "Your privacy request is complete");
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(subjectId, (await db.RightsRequests.SingleAsync(r => r.Id == id)).SubjectId);
        // Only the person remains findable by the address: the request's own record of it was merged into theirs.
        Assert.Equal(1, await db.Subjects.CountAsync(s => s.Email != null));
    }

    private static async Task AssertForgottenAsync(TestApp app, string email, string? detail)
    {
        var lookup = await app.Get<LookupHasher>().HashEmailAsync(email);
        await using (var scope = app.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync(email));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDb>().Subjects.CountAsync(s => s.ShreddedAt == null && s.Email != null));
        }
        var needles = new List<byte[]> { lookup, Encoding.UTF8.GetBytes(email), Encoding.Unicode.GetBytes(email), Encoding.UTF8.GetBytes(Convert.ToHexStringLower(lookup)) };
        if (detail is not null)
            needles.Add(Encoding.UTF8.GetBytes(detail));
        if (app.Provider == Provider.Sqlite)
        {
            SqlitePools.Clear(app.DataDirectory);
            foreach (var file in Directory.GetFiles(app.DataDirectory, "*.db*"))
            {
                // The last connection to close checkpoints and deletes the write-ahead log; a file gone holds nothing.
                if (await ReadIfPresentAsync(file) is not { } bytes)
                    continue;
                foreach (var needle in needles)
                    Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(file)} still holds the address or its lookup hash");
            }
        }
        else
        {
            foreach (var name in new[] { "Vern", "VernKeys" })
            {
                var dump = Encoding.UTF8.GetBytes(await PlaintextScanTests.DumpAsync(app.Get<IConfiguration>().GetConnectionString(name)!));
                foreach (var needle in needles)
                    Assert.True(dump.AsSpan().IndexOf(needle) < 0, $"the {name} database still holds the address or its lookup hash");
            }
        }
    }

    private static async Task<byte[]?> ReadIfPresentAsync(string file)
    {
        try
        {
            return await File.ReadAllBytesAsync(file);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static string Describe(SortedDictionary<string, long> rows) => string.Join(", ", rows.Select(kv => $"{kv.Key} {kv.Value:+0;-0}"));
}
