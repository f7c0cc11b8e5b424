using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Subjects;

/// <summary>
/// A website form must not tell its caller whether Vern knows the address or whether its owner
/// objected to direct marketing: not by the answer, not by how long the answer takes.
/// </summary>
public sealed class SubmissionProbingTests
{
    private const string Known = "known.reader@example.no";
    private const string Objected = "objected.reader@example.no";

    private static object Body(string email) =>
        new { form = "signup", purpose = "newsletter", email, name = "Reader", message = "Send me product news." };

    private static async Task SeedAsync(TestApp app)
    {
        await TestSubjects.AddAsync(app, new PersonalDetails(Known, "Known Reader"));
        var objected = await TestSubjects.AddAsync(app, new PersonalDetails(Objected, "Objected Reader"));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        (await db.Subjects.SingleAsync(s => s.Id == objected)).MarketingObjectionAt = DateTime.UnixEpoch;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_marketing_submission_takes_as_long_for_a_known_or_objected_address_as_for_one_never_seen()
    {
        await using var app = await TestApp.StartAsync();
        await SeedAsync(app);
        using var client = app.CreateClient();

        async Task PostAsync(string email)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/submissions", Body(email));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Every answer waits for the response-time floor, so the medians settle within a few dozen rounds.
        // The two comparisons run side by side, as most of each call is that wait: each interleaves its own
        // calls, so whatever the other does falls on both of its sides alike.
        var ratios = await Task.WhenAll(
            Timings.MedianRatioAsync(30, _ => PostAsync(Known), i => PostAsync($"new.reader.{i + 10}@example.no")),
            Timings.MedianRatioAsync(30, _ => PostAsync(Objected), i => PostAsync($"other.reader.{i + 10}@example.no")));
        var (known, objected) = (ratios[0], ratios[1]);

        Assert.True(known is >= 0.7 and <= 1.4 && objected is >= 0.7 and <= 1.4, $"known/unknown {known:0.00}, objected/unknown {objected:0.00}");
    }
}
