using System.Net;
using System.Net.Http.Json;
using Vern.Tests.Infrastructure;
using Vern.Tests.Rights;

namespace Vern.Tests.Email;

public sealed class DeferredDeliveryTests
{
    [Fact]
    public async Task A_request_is_answered_when_its_email_cannot_be_handed_over_yet_and_the_email_follows_once()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Vern:WorkLease"] = "00:00:02" });
        var outbox = Path.Combine(app.DataDirectory, "outbox");
        if (Directory.Exists(outbox))
            Directory.Delete(outbox, recursive: true);
        // A file where the outbox directory belongs: the message cannot be written for now.
        await File.WriteAllTextAsync(outbox, "");
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/rights-requests", new { type = "access", email = "kari.nordmann@example.no" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        File.Delete(outbox);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await RequestFlow.OutboxAsync(app)).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var mail = Assert.Single(await RequestFlow.OutboxAsync(app));
        Assert.Equal("kari.nordmann@example.no", mail.To.Mailboxes.Single().Address);
        Assert.Contains("/privacy/requests/verify?token=", mail.TextBody, StringComparison.Ordinal);
    }
}
