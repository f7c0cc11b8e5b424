using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Subjects;

/// <summary>
/// Destroys the data keys of people shredded in a save once that save is committed, never before.
/// An erasure is one database transaction (the request's outcome, the erasure ledger entry, the
/// message to the person, the cleared fields) followed by the key's destruction: a crash before the
/// commit leaves the person untouched for the next attempt, a crash after it leaves a key that
/// <see cref="DestroyLeftoverKeysAsync"/> destroys at the next start. Destroying the key first
/// would make a crash lose the address the person must be told at.
/// </summary>
internal sealed partial class KeyShredding(KeyStore keys, ILogger<KeyShredding> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Inside a transaction the keys wait for its commit.
        if (eventData.Context is AppDb db && db.Database.CurrentTransaction is null)
            await DestroyPendingAsync(db, cancellationToken);
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDb db)
            await DestroyPendingAsync(db, cancellationToken);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Nothing was shredded after all; a later attempt shreds again.
        (eventData.Context as AppDb)?.KeysToDestroy.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Destroys the key of every shredded subject that still has one: the crash repair, run at start-up.</summary>
    public async Task<int> DestroyLeftoverKeysAsync(AppDb db, CancellationToken ct)
    {
        var destroyed = 0;
        Guid? after = null;
        while (true)
        {
            var page = await db.Subjects.AsNoTracking()
                .Where(s => s.ShreddedAt != null && (after == null || s.Id.CompareTo(after.Value) > 0))
                .OrderBy(s => s.Id).Select(s => s.Id).Take(1000).ToListAsync(ct);
            if (page.Count == 0)
                return destroyed;
            foreach (var owner in await keys.ExistingAsync(page.Select(id => id.ToString()), ct))
                if (await keys.DestroyAsync(owner, ct))
                {
                    destroyed++;
                    LogLeftover(logger, owner);
                }
            after = page[^1];
        }
    }

    private async Task DestroyPendingAsync(AppDb db, CancellationToken ct)
    {
        if (db.KeysToDestroy.Count == 0)
            return;
        var pending = db.KeysToDestroy.ToList();
        await keys.DestroyAsync([.. pending.Select(id => id.ToString())], ct);
        foreach (var subjectId in pending)
        {
            db.KeysToDestroy.Remove(subjectId);
            LogDestroyed(logger, subjectId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subject {SubjectId} shredded: data key destroyed")]
    private static partial void LogDestroyed(ILogger logger, Guid subjectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data key of shredded subject {SubjectId} outlived its erasure (the process stopped in between) and was destroyed now")]
    private static partial void LogLeftover(ILogger logger, string subjectId);
}
