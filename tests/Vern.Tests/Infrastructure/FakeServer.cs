using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vern.Tests.Infrastructure;

/// <summary>
/// A third-party API (HubSpot, Google, a customer's webhook) played by a real HTTP server on a
/// loopback port: it records every request and answers as the test says, so connectors are tested
/// over the wire without ever reaching the real host.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private FakeServer(WebApplication app, Func<RecordedRequest, Reply> respond)
    {
        this.app = app;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var request = new RecordedRequest(
                context.Request.Method,
                context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                requests.Count + 1,
                Stopwatch.GetTimestamp());
            requests.Enqueue(request);
            var reply = respond(request);
            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
                context.Response.Headers[name] = value;
            if (reply.Json is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(reply.Json);
            }
        });
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    /// <param name="respond">The answer to each request; <see cref="RecordedRequest.Number"/> counts from 1.</param>
    public static async Task<FakeServer> StartAsync(Func<RecordedRequest, Reply> respond)
    {
        // No configuration file watcher: many servers in one run would exhaust the inotify instances.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeServer(builder.Build(), respond);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <param name="PathAndQuery">As sent, query string included and still encoded.</param>
/// <param name="Number">1 for the first request the server received, 2 for the next.</param>
/// <param name="Timestamp">A <see cref="Stopwatch"/> timestamp of its arrival.</param>
public sealed record RecordedRequest(
    string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, int Number, long Timestamp)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

public sealed record Reply(int Status, string? Json = null, IReadOnlyDictionary<string, string>? Headers = null);
