using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Newsletter;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Newsletter;

/// <summary>
/// A campaign asks the processing gate about a slice of recipients at once: each answer must be the one the gate gives
/// that person alone, whatever their state.
/// </summary>
public sealed class GateForManyTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Asked_about_many_at_once_the_gate_answers_each_as_it_does_alone(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = app.CreateClient();
        string[] people = ["fine@example.no", "restricted@example.no", "objected@example.no", "left@example.no", "erased@example.no", "pending@example.no"];
        foreach (var person in people[..^1])
            await NewsletterRetentionTests.SubscribeAndConfirmAsync(app, client, person);
        using (await NewsletterMailbox.SubscribeAsync(client, people[^1]))
        {
        }

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var subscribers = await db.Subscribers.AsNoTracking().ToListAsync();
        var vault = scope.ServiceProvider.GetRequiredService<Vern.Features.Subjects.SubjectVault>();
        var of = new Dictionary<string, Subscriber>();
        foreach (var person in people)
        {
            var subjectId = await vault.FindByEmailAsync(person);
            of[person] = subscribers.Single(s => s.SubjectId == subjectId);
        }
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var restricted = of["restricted@example.no"].SubjectId;
        var objected = of["objected@example.no"].SubjectId;
        await db.Subjects.Where(s => s.Id == restricted).ExecuteUpdateAsync(u => u.SetProperty(s => s.RestrictedAt, now));
        await db.Subjects.Where(s => s.Id == objected).ExecuteUpdateAsync(u => u.SetProperty(s => s.MarketingObjectionAt, now));
        await scope.ServiceProvider.GetRequiredService<Subscriptions>().UnsubscribeAsync(of["left@example.no"].Id, "visitor", keepDetails: false, CancellationToken.None);
        Assert.True(await vault.ShredAsync(of["erased@example.no"].SubjectId));
        await db.SaveChangesAsync();

        var gate = scope.ServiceProvider.GetRequiredService<ProcessingGate>();
        var many = await gate.CheckManyAsync(subscribers.ToDictionary(s => s.SubjectId, s => Subscriber.ConsentIdOf(s.Id)), NewsletterConsent.Purpose, CancellationToken.None);
        foreach (var subscriber in subscribers)
            Assert.Equal((await gate.CheckAsync(subscriber.SubjectId, NewsletterConsent.Purpose, null, CancellationToken.None)).Refusal, many[subscriber.SubjectId].Refusal);
        // And the answers are the ones each state calls for.
        Assert.Equal(
            [null, ProcessingRefusal.Restricted, ProcessingRefusal.ObjectedToDirectMarketing, ProcessingRefusal.ConsentWithdrawn, ProcessingRefusal.Erased, ProcessingRefusal.NoConsent],
            people.Select(p => many[of[p].SubjectId].Refusal));
    }
}
