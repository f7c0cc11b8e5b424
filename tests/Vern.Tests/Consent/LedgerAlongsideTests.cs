using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Consent;
using Vern.Infrastructure.Crypto;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

/// <summary>
/// Changes handed to the ledger writer with a record (an unsubscription's status beside its withdrawal) are committed
/// with the record or not at all, and one that fails does not take the rest of its batch down with it.
/// </summary>
public sealed class LedgerAlongsideTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_record_and_its_changes_commit_together_or_not_at_all(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var writer = app.Get<ConsentLedgerWriter>();
        var snapshot = await app.Get<ConsentCatalogue>().GetAsync(CancellationToken.None);
        async Task<ConsentRecord> RecordAsync(string consentId) => ConsentRecord.Create(
            TimeProvider.System, snapshot, consentId, await app.Get<LookupHasher>().HashIdentifierAsync(ConsentLookup.Kind, consentId, CancellationToken.None),
            snapshot.CurrentRevision, "en", ConsentAction.Withdraw, new(StringComparer.Ordinal) { ["analytics"] = false }, new(StringComparer.Ordinal));
        static ConsentLedgerWriter.Alongside Audit(string details, bool fail) => (db, _) =>
        {
            db.AuditEntries.Add(AuditEntry.Create(TimeProvider.System, "test", "test.alongside", details: details));
            return fail ? throw new InvalidOperationException("The change beside the record failed.") : Task.CompletedTask;
        };

        var failing = writer.AppendAsync(await RecordAsync("consent-failing"), Audit("failing", fail: true), CancellationToken.None);
        var kept = writer.AppendAsync(await RecordAsync("consent-kept"), Audit("kept", fail: false), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.False(string.IsNullOrEmpty(await kept));
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Equal(["consent-kept"], await db.ConsentRecords.Select(r => r.VisitorId).ToListAsync());
        Assert.Equal(["kept"], await db.AuditEntries.Where(e => e.Action == "test.alongside").Select(e => e.Details).ToListAsync());
        var ledger = await ConsentChain.VerifyAsync(db, scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Consent), app.Get<ReceiptKey>());
        Assert.True(ledger.Intact, ledger.Problem);
        Assert.True((await AuditChain.VerifyAsync(db, scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Audit))).Intact);
    }
}
