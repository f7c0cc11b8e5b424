using System.Text;
using System.Text.Json;
using Vern.Features.Model;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class ReceiptTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_receipt_verifies_with_the_published_key_and_carries_the_decision(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);
        var created = await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true, marketing: false));
        var receipt = created["receipt"]!.GetValue<string>();

        using var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks.json"));
        var key = jwks.RootElement.GetProperty("keys")[0];
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());

        // The compact receipt proves the record's leaf in a tree head signed with the published key.
        var decoded = ReceiptFormat.Decode(receipt);
        Assert.Equal(key.GetProperty("kid").GetString(), decoded.Kid);
        Assert.True(decoded.VerifiesWith(jwks.RootElement));
        var forged = decoded with { Time = decoded.Time + 1 };
        Assert.False(forged.VerifiesWith(jwks.RootElement));

        var id = created["id"]!.GetValue<Guid>().ToString();
        var payload = await ConsentApi.ConsentFieldsAsync(client, id);
        Assert.Equal(id, payload.GetProperty("consentReceiptID").GetString());
        // The receipt names the visitor by a pseudonym: it can be fetched again by decision id, and the visitor id is a credential.
        var principal = payload.GetProperty("piiPrincipalId").GetString()!;
        Assert.Equal(principal, payload.GetProperty("sub").GetString());
        Assert.DoesNotContain(visitor, payload.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("NO", payload.GetProperty("jurisdiction").GetString());
        Assert.Equal("cookie banner", payload.GetProperty("collectionMethod").GetString());
        Assert.Equal(new DateTimeOffset(created["recordedAt"]!.GetValue<DateTime>()).ToUnixTimeSeconds(), payload.GetProperty("consentTimestamp").GetInt64());
        Assert.Equal("Nordlys Analytics AS", payload.GetProperty("piiControllers")[0].GetProperty("piiController").GetString());
        Assert.Equal("privacy@nordlys.example", payload.GetProperty("piiControllers")[0].GetProperty("email").GetString());
        Assert.EndsWith("/privacy/policy?lang=en", payload.GetProperty("policyUrl").GetString(), StringComparison.Ordinal);
        Assert.False(payload.GetProperty("sensitive").GetBoolean());
        Assert.Equal(["analytics", "necessary"], payload.GetProperty("categoriesGranted").EnumerateArray().Select(c => c.GetString()).Order());
        Assert.Equal(["marketing"], payload.GetProperty("categoriesRefused").EnumerateArray().Select(c => c.GetString()));
        var analytics = payload.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("serviceId").GetString() == "google-analytics");
        Assert.True(analytics.GetProperty("consented").GetBoolean());
        Assert.Equal("EXPLICIT", analytics.GetProperty("purposes")[0].GetProperty("consentType").GetString());

        // The stored record carries the hash the receipt names, so the receipt points at one ledger entry.
        var stored = await ConsentApi.ReadJsonAsync(await client.GetAsync($"/api/v1/consent/decisions/{id}"));
        Assert.Equal(stored["hash"]!.GetValue<string>(), payload.GetProperty("recordHash").GetString());
        Assert.Equal(principal, stored["principalId"]!.GetValue<string>());
        Assert.DoesNotContain(visitor, stored.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(receipt, stored["receipt"]!.GetValue<string>());
        Assert.DoesNotContain(visitor, (await ConsentApi.FullReceiptAsync(client, id)).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sensitive_data_and_how_consent_ends_are_told_as_the_definition_says()
    {
        // Usage data marked as a special category (Art. 9), and the consent cookie declared to last 5 months.
        var yaml = ModelStore.DefaultYaml()
            .Replace("    dpv: dpv-pd:BrowsingBehaviour\n", "    dpv: dpv-pd:BrowsingBehaviour\n    special: true\n", StringComparison.Ordinal)
            .Replace("    purpose: { en: Remembers your cookie choices., nb: Husker cookievalgene dine. }\n    lifetime: P6M\n",
                "    purpose: { en: Remembers your cookie choices., nb: Husker cookievalgene dine. }\n    lifetime: P5M\n", StringComparison.Ordinal);
        Assert.NotEqual(ModelStore.DefaultYaml(), yaml);
        var dataDirectory = Directory.CreateTempSubdirectory("vern-test-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, ModelStore.FileName), yaml);
        await using var app = await TestApp.StartAsync(dataDirectory: dataDirectory);
        using var client = app.CreateClient();
        var visitor = await ConsentApi.IssueVisitorIdAsync(client);

        var english = await ConsentApi.ConsentFieldsAsync(client, (await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true, marketing: false)))["id"]!.GetValue<string>());
        var inNorwegian = ConsentApi.Body(visitor, analytics: true, marketing: false);
        inNorwegian["language"] = "nb";
        var norwegian = await ConsentApi.ConsentFieldsAsync(client, (await ConsentApi.RecordAsync(client, inNorwegian))["id"]!.GetValue<string>());

        Assert.True(english.GetProperty("sensitive").GetBoolean());
        Assert.Equal(["Usage data"], english.GetProperty("spiCat").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["Bruksdata"], norwegian.GetProperty("spiCat").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Withdraw at any time under \"Cookie settings\"; the choice is asked again after 5 months.", Termination(english));
        Assert.Equal("Kan trekkes tilbake når som helst under «Innstillinger for informasjonskapsler»; valget spørres om igjen etter 5 måneder.", Termination(norwegian));
    }

    private static string? Termination(JsonElement payload) =>
        payload.GetProperty("services")[0].GetProperty("purposes")[0].GetProperty("termination").GetString();

    [Fact]
    public async Task The_signing_key_is_kept_in_the_data_directory_for_the_owner_only_and_read_again_at_start()
    {
        string jwks, pem;
        await using (var app = await TestApp.StartAsync())
        {
            using var client = app.CreateClient();
            jwks = await client.GetStringAsync("/.well-known/jwks.json");
            var path = Path.Combine(app.DataDirectory, "consent-signing.key");
            pem = await File.ReadAllTextAsync(path);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            // The key stays out of the database: a copy of vern.db alone cannot sign.
            Assert.DoesNotContain("PRIVATE KEY", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "vern.db"))), StringComparison.Ordinal);
        }

        var directory = Directory.CreateTempSubdirectory("vern-receipt-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "consent-signing.key"), pem);
        await using (var fromFile = await TestApp.StartAsync(dataDirectory: directory))
        {
            using var client = fromFile.CreateClient();
            Assert.Equal(jwks, await client.GetStringAsync("/.well-known/jwks.json"));
        }

        await using var configured = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:Consent:SigningKey"] = pem });
        using var third = configured.CreateClient();
        Assert.Equal(jwks, await third.GetStringAsync("/.well-known/jwks.json"));
        Assert.False(File.Exists(Path.Combine(configured.DataDirectory, "consent-signing.key")));
    }
}
