using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

/// <summary>Talks to the consent API as the banner does.</summary>
internal static class ConsentApi
{
    public const string Decisions = "/api/v1/consent/decisions";
    public const string Visitors = "/api/v1/consent/visitors";

    /// <summary>Shaped like an issued id (32 bytes in base64url), but no Vern issued it.</summary>
    public const string UnissuedVisitorId = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>A visitor id issued by the app, as the banner gets one before its first decision.</summary>
    public static async Task<string> IssueVisitorIdAsync(HttpClient client) => (await IssueAsync(client))["visitorId"]!.GetValue<string>();

    public static async Task<JsonObject> IssueAsync(HttpClient client)
    {
        using var response = await client.PostAsync(Visitors, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static JsonObject Body(string visitorId, string action = "custom", bool analytics = true, bool marketing = false, int revision = 1, bool gpc = false) => new()
    {
        ["visitorId"] = visitorId,
        ["revision"] = revision,
        ["language"] = "en",
        ["action"] = action,
        ["categories"] = new JsonObject { ["analytics"] = analytics, ["marketing"] = marketing },
        ["gpc"] = gpc,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode body) =>
        client.PostAsync(Decisions, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string body) =>
        client.PostAsync(Decisions, new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> RecordAsync(HttpClient client, JsonNode? body = null)
    {
        var response = await PostAsync(client, body ?? Body(await IssueVisitorIdAsync(client)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<int> CountAsync(TestApp app)
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDb>().ConsentRecords.CountAsync();
    }

    /// <summary>The full receipt of a decision.</summary>
    public static async Task<JsonElement> FullReceiptAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"{Decisions}/{id}/receipt");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The Kantara / ISO/IEC TS 27560 fields of a decision's full receipt.</summary>
    public static async Task<JsonElement> ConsentFieldsAsync(HttpClient client, string id) =>
        (await FullReceiptAsync(client, id)).GetProperty("consent");

    public static async Task<JsonElement> JwksAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks.json")).RootElement.Clone();

    public static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }
}
