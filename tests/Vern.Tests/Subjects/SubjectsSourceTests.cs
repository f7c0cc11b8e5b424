using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Rights;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Consent;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Subjects;

public sealed class SubjectsSourceTests
{
    /// <summary>Two submissions through the API, as the demo site's forms make them.</summary>
    private static async Task<(Guid Id, string VisitorId)> SubmitTwiceAsync(TestApp app)
    {
        using var client = app.CreateClient();
        var visitorId = await ConsentApi.IssueVisitorIdAsync(client);
        var bodies = new object[]
        {
            new { form = "contact", purpose = "customer-relationship", email = "ada@example.com", name = "Ada Lovelace", phone = "+47 400 00 000", message = "Please call me about pricing.", visitorId },
            new { form = "signup", purpose = "newsletter", email = "ada@example.com" },
        };
        foreach (var body in bodies)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/submissions", body)).StatusCode);
        await using var scope = app.CreateScope();
        return ((await scope.ServiceProvider.GetRequiredService<SubjectVault>().FindByEmailAsync("ada@example.com"))!.Value, visitorId);
    }

    private static (SubjectsSource Source, AppDb Db, SubjectVault Vault) Resolve(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetServices<IPersonalDataSource>().OfType<SubjectsSource>().Single(),
         scope.ServiceProvider.GetRequiredService<AppDb>(),
         scope.ServiceProvider.GetRequiredService<SubjectVault>());

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_export_holds_the_details_every_submission_with_its_message_and_the_linked_visitor_id(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (id, visitorId) = await SubmitTwiceAsync(app);
        await using var scope = app.CreateScope();
        var (source, db, vault) = Resolve(scope);

        var export = await source.ExportAsync((await DataSubjects.LoadAsync(db, vault, id, default))!, default);

        Assert.Equal("subjects", export.Source);
        Assert.True(export.Portable);
        Assert.Equal("You gave these details through our website's forms.", export.Origin);
        Assert.Equal(["record", "field", "purpose", "policyVersion", "at", "value"], export.Columns);
        var rows = export.Rows.Select(r => (r[0], r[1], r[2], r[5])).ToList();
        Assert.Contains(("contact-details", "email", null, "ada@example.com"), rows);
        Assert.Contains(("contact-details", "name", null, "Ada Lovelace"), rows);
        Assert.Contains(("contact-details", "phone", null, "+47 400 00 000"), rows);
        Assert.Contains(("form-submission", "contact", "customer-relationship", "Please call me about pricing."), rows);
        Assert.Contains(("form-submission", "signup", "newsletter", null), rows);
        Assert.Contains(("identifier", DataSubjects.VisitorIdKind, null, visitorId), rows);
        Assert.All(export.Rows.Where(r => r[0] == "form-submission"), r => Assert.NotNull(r[3]));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Erasure_without_a_hold_deletes_the_submissions_and_identifiers(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (id, _) = await SubmitTwiceAsync(app);
        await using (var scope = app.CreateScope())
        {
            var (source, db, vault) = Resolve(scope);
            var erasure = await source.EraseAsync((await DataSubjects.LoadAsync(db, vault, id, default))!, default);
            await db.SaveChangesAsync();

            Assert.Equal(ErasureOutcome.Erased, erasure.Outcome);
            Assert.Equal("2 form submissions and your contact details were erased.", erasure.Detail);
            Assert.Null(erasure.KeptUntil);
        }

        await using var check = app.CreateScope();
        var checkDb = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(0, await checkDb.Submissions.CountAsync(s => s.SubjectId == id));
        Assert.Equal(0, await checkDb.SubjectIdentifiers.CountAsync(i => i.SubjectId == id));
        // The data key is the request's to destroy, last, after every source has run.
        Assert.NotNull(await check.ServiceProvider.GetRequiredService<SubjectVault>().RevealAsync(id));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Erasure_under_an_active_hold_keeps_and_restricts_until_the_hold_ends(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (id, _) = await SubmitTwiceAsync(app);
        var until = OsloCalendar.Today(TimeProvider.System).AddYears(5);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.SubjectHolds.Add(new SubjectHold { Id = Guid.NewGuid(), SubjectId = id, Rule = "contract-end-of-licence", Reason = "the Bookkeeping Act requires invoices to be kept", Until = until, PlacedBy = "test", PlacedAt = DateTime.UnixEpoch });
            // A hold that already ended or was released does not keep anything.
            db.SubjectHolds.Add(new SubjectHold { Id = Guid.NewGuid(), SubjectId = id, Rule = "old", Reason = "ended", Until = until.AddYears(-10), PlacedBy = "test", PlacedAt = DateTime.UnixEpoch });
            await db.SaveChangesAsync();
        }

        await using (var scope = app.CreateScope())
        {
            var (source, db, vault) = Resolve(scope);
            var erasure = await source.EraseAsync((await DataSubjects.LoadAsync(db, vault, id, default))!, default);
            await db.SaveChangesAsync();

            Assert.Equal(ErasureOutcome.Kept, erasure.Outcome);
            Assert.Equal(until, erasure.KeptUntil);
            Assert.Contains("Bookkeeping Act", erasure.Detail, StringComparison.Ordinal);
            Assert.Contains("contract-end-of-licence", erasure.Detail, StringComparison.Ordinal);
        }

        await using var check = app.CreateScope();
        var checkDb = check.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(2, await checkDb.Submissions.CountAsync(s => s.SubjectId == id));
        Assert.NotNull((await checkDb.Subjects.SingleAsync(s => s.Id == id)).RestrictedAt);
        Assert.True((await checkDb.SubjectHolds.SingleAsync(h => h.Rule == "contract-end-of-licence")).EraseWhenReleased);
        Assert.False((await checkDb.SubjectHolds.SingleAsync(h => h.Rule == "old")).EraseWhenReleased);
    }
}
