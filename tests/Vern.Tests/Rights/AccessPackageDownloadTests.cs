using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vern.Data;
using Vern.Features.Rights.Access;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Rights;

public sealed class AccessPackageDownloadTests
{
    private const string Refusal = "This link does not work";

    private static string PathOf(string token) => "/privacy/requests/download?token=" + token;

    /// <summary>Posts the download form; the anti-forgery token comes from the requests form when the page has none.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string token) =>
        StaffSessions.PostFormAsync(client, PathOf(token), new() { ["Token"] = token }, tokenFrom: "/privacy/requests");

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Refusal, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<byte[]> PackageForAsync(TestApp app, string email, string marker) =>
        AccessPackageBuilder.BuildAsync(DefaultModel(app), Subject() with { Email = email }, [Contacts() with { Title = marker }], CreatedAt, "en", portability: false);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_link_shows_a_button_and_the_expiry_and_the_button_downloads_the_ZIP(Provider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var zip = await PackageForAsync(app, "kari@example.no", "Kari's messages");
        var (subjectId, requestId, token) = await StoreAsync(app, "kari@example.no", zip);
        using var visitor = app.CreateClient();

        var page = await visitor.GetAsync(PathOf(token));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("The link works until 31 March 2027.", html, StringComparison.Ordinal);
        Assert.Contains("Download the ZIP file", html, StringComparison.Ordinal);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromDays(2));
        var download = await PostAsync(visitor, token);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("vern-access-2027-03-01.zip", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(download.Headers.CacheControl?.NoStore);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(zip, bytes);
        Assert.Contains("index.html", Unzip(bytes).Keys);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var stored = await db.AccessPackages.SingleAsync();
        Assert.Equal(clock.GetUtcNow().UtcDateTime, stored.LastDownloadedAt);
        Assert.NotEqual(zip, stored.Content);
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == "access-package.downloaded");
        Assert.Equal("visitor", audit.Actor);
        Assert.Equal(subjectId, audit.SubjectId);
        Assert.Contains(requestId.ToString(), audit.Details, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Wrong_altered_and_expired_links_get_the_same_refusal_and_no_ZIP(Provider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(provider, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var (_, _, token) = await StoreAsync(app, "ola@example.no", await PackageForAsync(app, "ola@example.no", "Ola"));
        using var visitor = app.CreateClient();
        var altered = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        await AssertRefusedAsync(await PostAsync(visitor, "not-a-token"));
        await AssertRefusedAsync(await PostAsync(visitor, Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_')));
        await AssertRefusedAsync(await PostAsync(visitor, altered));
        await AssertRefusedAsync(await visitor.GetAsync(PathOf(altered)));

        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(await visitor.GetAsync(PathOf(token)));
        await AssertRefusedAsync(await PostAsync(visitor, token));

        await using var scope = app.CreateScope();
        Assert.Null((await scope.ServiceProvider.GetRequiredService<AppDb>().AccessPackages.SingleAsync()).LastDownloadedAt);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task After_the_person_is_erased_the_package_no_longer_downloads(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (subjectId, _, token) = await StoreAsync(app, "erased@example.no", await PackageForAsync(app, "erased@example.no", "Gone"));
        using var visitor = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(visitor, token)).StatusCode);

        await using (var scope = app.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SubjectVault>().ShredAsync(subjectId);
            await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        }

        await AssertRefusedAsync(await visitor.GetAsync(PathOf(token)));
        await AssertRefusedAsync(await PostAsync(visitor, token));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Each_link_opens_only_its_own_persons_package(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var first = await PackageForAsync(app, "first@example.no", "First person's messages");
        var second = await PackageForAsync(app, "second@example.no", "Second person's messages");
        var (_, _, firstToken) = await StoreAsync(app, "first@example.no", first);
        var (_, _, secondToken) = await StoreAsync(app, "second@example.no", second);
        using var visitor = app.CreateClient();

        var firstZip = await (await PostAsync(visitor, firstToken)).Content.ReadAsByteArrayAsync();
        var secondZip = await (await PostAsync(visitor, secondToken)).Content.ReadAsByteArrayAsync();

        Assert.Equal(first, firstZip);
        Assert.Equal(second, secondZip);
        Assert.Contains("First person", Text(Unzip(firstZip)["index.html"]), StringComparison.Ordinal);
        Assert.DoesNotContain("Second person", Text(Unzip(firstZip)["index.html"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_in_the_link_never_reaches_the_logs_even_when_request_logging_is_turned_up()
    {
        // An operator debugging a problem turns every ASP.NET Core category up to Trace.
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace" });
        var (_, _, token) = await StoreAsync(app, "lena@example.no", await PackageForAsync(app, "lena@example.no", "Lena"));
        using var visitor = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(PathOf(token))).StatusCode);
        Assert.Equal("application/zip", (await PostAsync(visitor, token)).Content.Headers.ContentType?.MediaType);

        Assert.Contains(app.Logs.Lines, l => l.Contains("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        Assert.DoesNotContain(token, app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_download_page_speaks_Norwegian()
    {
        await using var app = await TestApp.StartAsync();
        var (_, _, token) = await StoreAsync(app, "nora@example.no", await PackageForAsync(app, "nora@example.no", "Nora"));
        using var visitor = app.CreateClient();

        var html = await visitor.GetStringAsync(PathOf(token) + "&lang=nb");

        Assert.Contains("Last ned ZIP-filen", html, StringComparison.Ordinal);
        Assert.Contains("Lenken virker til", html, StringComparison.Ordinal);
    }
}
