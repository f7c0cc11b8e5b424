using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Policies;
using Vern.Features.Staff;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Policies;

public sealed class PolicyDocumentTests
{
    private static string RealWorld => Path.Combine(AppContext.BaseDirectory, "Policies", "RealWorldPolicy.md");

    private static async Task<HttpClient> OfficerAsync(TestApp app)
    {
        var secret = await StaffSessions.CreateAsync(app, "officer@example.com", StaffRoles.PrivacyOfficer, withAuthenticator: true);
        return await StaffSessions.SignInAsync(app, "officer@example.com", secret);
    }

    [Fact]
    public async Task A_fresh_install_publishes_the_shipped_policy_with_generated_sections_in_both_languages()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var english = await client.GetStringAsync("/privacy/policy");
        var norwegian = await client.GetStringAsync("/privacy/policy?lang=nb");

        Assert.Contains("<h1>Privacy policy</h1>", english, StringComparison.Ordinal);
        Assert.Contains("data-section=\"cookies\"", english, StringComparison.Ordinal);
        Assert.Contains("vern_consent", english, StringComparison.Ordinal);
        Assert.Contains("Website statistics", english, StringComparison.Ordinal);
        Assert.DoesNotContain("{{vern:", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Personvernerklæring</h1>", norwegian, StringComparison.Ordinal);
        Assert.Contains("Nettstedsstatistikk", norwegian, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_a_real_world_Markdown_policy_publishes_it_with_its_title_and_headings_intact()
    {
        var directory = Directory.CreateTempSubdirectory("vern-policy-").FullName;
        var import = await VernProcess.RunAsync(["policy", "import", RealWorld, "--publish", "--summary", "Imported from the old website"], dataDirectory: directory);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("Published 'Privacy Notice' as en version 2", import.Output, StringComparison.Ordinal);

        await using var app = await TestApp.StartAsync(dataDirectory: Path.Combine(directory, "data"));
        using var client = app.CreateClient();
        var page = await client.GetStringAsync("/privacy/policy");

        Assert.Contains("<h1>Privacy Notice</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"1-information-we-collect\">1. Information we collect</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"11-cookies\">1.1 Cookies</h3>", page, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"4-contact\">4. Contact</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>name</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<th>Kept for</th>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/privacy/cookies\">cookie page</a>", page, StringComparison.Ordinal);
        Assert.Contains("<blockquote>", page, StringComparison.Ordinal);
        Assert.Contains("Version 2, in effect since", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_cannot_inject_script_into_the_published_page()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);
        const string hostile = """
            ---
            title: Hostile
            ---
            Hello <script>alert('x')</script> world.

            <img src="x" onerror="alert('img')">

            [click](javascript:alert('link'))

            <iframe src="https://evil.example"></iframe>

            <a href="#" onclick="alert('a')">a</a>

            [tab](java&#9;script:alert('tab')) [upper](JaVaScRiPt:alert('upper')) [vb](vbscript:msgbox)
            [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [ref][r] <javascript:alert('auto')>

            ![pic](javascript:alert('pic'))

            [r]: javascript:alert('ref')

            Safe: [authority](https://www.datatilsynet.no) [mail](mailto:privacy@example.com) [anchor](#contact) [path](/privacy/requests)
            """;

        var response = await StaffSessions.PostFormAsync(officer, "/admin/policies", new() { ["Markdown"] = hostile, ["Language"] = "en" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await StaffSessions.PostFormAsync(officer, $"/admin/policies/{id}?handler=Publish", new() { ["EffectiveDate"] = TimeProvider.System.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        await using (var scope = app.CreateScope())
            Assert.Equal(PolicyStatus.Published, (await scope.ServiceProvider.GetRequiredService<AppDb>().PolicyVersions.SingleAsync(v => v.Id == id)).Status);

        var html = await app.CreateClient().GetStringAsync("/privacy/policy/versions/2");
        var article = html[html.IndexOf("<article", StringComparison.Ordinal)..];
        Assert.Contains("Hostile", article, StringComparison.Ordinal);
        // Raw HTML may survive as visible, encoded text; it must never become markup.
        Assert.DoesNotContain("<script", article, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", article, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", article, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"<[a-z][^>]*\son[a-z]+\s*=", article);
        Assert.DoesNotMatch(@"(href|src)\s*=\s*""?\s*javascript:", article);
        // Every other way to a script address is emptied; ordinary links keep theirs.
        Assert.DoesNotMatch(@"(?i)(href|src)\s*=\s*""[^""]*(script|data):", article);
        foreach (var kept in new[] { "href=\"https://www.datatilsynet.no\"", "href=\"mailto:privacy@example.com\"", "href=\"#contact\"", "href=\"/privacy/requests\"" })
            Assert.Contains(kept, article, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", article, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_version_never_changes_and_drafts_do()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);
        int publishedId;
        await using (var scope = app.CreateScope())
            publishedId = (await scope.ServiceProvider.GetRequiredService<AppDb>().PolicyVersions.FirstAsync(v => v.Language == "en")).Id;

        var edit = await StaffSessions.PostFormAsync(officer, $"/admin/policies/{publishedId}?handler=Save", new() { ["Title"] = "Changed", ["Body"] = "Changed text" }, tokenFrom: "/admin/policies");
        Assert.Contains("cannot change", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var version = await db.PolicyVersions.FirstAsync(v => v.Id == publishedId);
            version.Markdown = "tampered";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var scope = app.CreateScope())
            Assert.NotEqual("tampered", (await scope.ServiceProvider.GetRequiredService<AppDb>().PolicyVersions.FirstAsync(v => v.Id == publishedId)).Markdown);
    }

    [Fact]
    public async Task A_new_version_shows_in_the_public_history_with_a_readable_diff_and_a_significant_change_needs_a_summary()
    {
        await using var app = await TestApp.StartAsync();
        using var officer = await OfficerAsync(app);
        string original;
        await using (var scope = app.CreateScope())
            original = (await scope.ServiceProvider.GetRequiredService<AppDb>().PolicyVersions.FirstAsync(v => v.Language == "en")).Markdown;
        var changed = "---\ntitle: Privacy policy\n---\n" + original
            .Replace("so what you read here is what we do.", "so what you read here is exactly what we do.", StringComparison.Ordinal)
            + "\n\n## Contacting us\n\nWrite to privacy@nordlys.example.\n";
        var imported = await StaffSessions.PostFormAsync(officer, "/admin/policies", new() { ["Markdown"] = changed, ["Language"] = "en" });
        var path = imported.Headers.Location!.OriginalString;
        var today = TimeProvider.System.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await StaffSessions.PostFormAsync(officer, path + "?handler=Publish", new() { ["EffectiveDate"] = today, ["Significant"] = "true" });
        Assert.Contains("needs a summary", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var published = await StaffSessions.PostFormAsync(officer, path + "?handler=Publish", new() { ["EffectiveDate"] = today, ["Significant"] = "true", ["Summary"] = "A new section on how to contact us.", ["Reason"] = "It only adds a way to reach us." });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("Published; in effect from", await officer.GetStringAsync(published.Headers.Location), StringComparison.Ordinal);

        using var visitor = app.CreateClient();
        var history = await visitor.GetStringAsync("/privacy/policy/versions");
        var version2 = await visitor.GetStringAsync("/privacy/policy/versions/2");
        Assert.Contains("/privacy/policy/versions/1", history, StringComparison.Ordinal);
        Assert.Contains("/privacy/policy/versions/2", history, StringComparison.Ordinal);
        Assert.Contains("A new section on how to contact us.", history, StringComparison.Ordinal);
        Assert.Contains("What changed from version 1", version2, StringComparison.Ordinal);
        Assert.Contains("<li class=\"added\"><ins><span class=\"visually-hidden\">Added: </span>## Contacting us</ins></li>", version2, StringComparison.Ordinal);
        Assert.Contains("exactly what we do", version2, StringComparison.Ordinal);
        Assert.Contains("<li class=\"removed\">", version2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_generated_section_is_refused_on_import()
    {
        var directory = Directory.CreateTempSubdirectory("vern-policy-").FullName;
        var file = Path.Combine(directory, "policy.md");
        await File.WriteAllTextAsync(file, "---\ntitle: Policy\n---\n\n{{vern:purpose}}\n");

        var import = await VernProcess.RunAsync(["policy", "import", file], dataDirectory: directory);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("'{{vern:purpose}}' is not a generated section", import.Error, StringComparison.Ordinal);
    }
}
