using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Jobs;

namespace Vern.Infrastructure.Email;

/// <summary>
/// The durable way to send an e-mail that tells a person about a change: <see cref="AddAsync"/> puts
/// it in the database with the change, and once that is saved <see cref="DeliverAddedAsync"/> hands
/// it to the <see cref="Mailer"/> and deletes it. A process that dies in between leaves the message
/// claimed for <see cref="WorkLease"/>; <see cref="OutboxDelivery"/> sends it afterwards, once. A
/// message is sent a second time only if the process dies in the instant between the SMTP server
/// taking it and Vern recording that; it then carries the same Message-ID, which mail systems show once.
/// </summary>
internal sealed partial class MailOutbox(AppDb db, KeyStore keys, Mailer mailer, WorkLease lease, TimeProvider time, ILogger<MailOutbox> logger)
{
    public const string KeyOwner = "vern:outbox";
    private readonly List<Guid> added = [];

    /// <summary>Adds the message (not saved: the caller saves it with the change it tells of).</summary>
    public async Task AddAsync(OutgoingEmail email, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var message = mailer.Build(email, $"{id:N}@{mailer.MessageIdDomain}");
        using var mime = new MemoryStream();
        await message.WriteToAsync(mime, ct);
        var key = await keys.GetServiceKeyAsync(KeyOwner, ct);
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = id,
            CreatedAt = now.UtcDateTime,
            Message = Aead.Seal(key, mime.ToArray(), id.ToByteArray()),
            ClaimedUntil = lease.Until(time),
        });
        added.Add(id);
    }

    /// <summary>
    /// Delivers what <see cref="AddAsync"/> added, once the caller's save has committed it. The change
    /// is acknowledged by then, so a delivery that fails now (the database busy past its timeout, the
    /// outbox directory unwritable) does not fail the caller: the message stays claimed, and
    /// <see cref="OutboxDelivery"/> sends it once the claim runs out.
    /// </summary>
    public async Task DeliverAddedAsync(CancellationToken ct)
    {
        foreach (var id in added)
        {
            try
            {
                await DeliverAsync(id, again: false, ct);
            }
            catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or TimeoutException)
            {
                LogDeferred(logger, id, lease.Duration, e);
            }
        }
        added.Clear();
    }

    /// <summary>Delivers messages whose claim ran out unsent: their process stopped before it could send them.</summary>
    public async Task<int> DeliverAbandonedAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var abandoned = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.ClaimedUntil < now)
            .OrderBy(m => m.Id).Select(m => m.Id).Take(100).ToListAsync(ct);
        var delivered = 0;
        foreach (var id in abandoned)
        {
            // Claimed with a conditional update, so two instances never both send it.
            var until = lease.Until(time);
            if (await db.OutboxMessages.Where(m => m.Id == id && m.ClaimedUntil < now)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.ClaimedUntil, until), ct) == 0)
                continue;
            await DeliverAsync(id, again: true, ct);
            delivered++;
        }
        return delivered;
    }

    private async Task DeliverAsync(Guid id, bool again, CancellationToken ct)
    {
        var sealedMessage = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id).Select(m => m.Message).FirstOrDefaultAsync(ct);
        if (sealedMessage is null)
            return;
        var key = await keys.GetServiceKeyAsync(KeyOwner, ct);
        using var mime = new MemoryStream(Aead.Open(key, sealedMessage, id.ToByteArray()));
        await mailer.SendAsync(await MimeMessage.LoadAsync(mime, ct), again, ct);
        // The address and links are not kept once the message has left.
        await db.OutboxMessages.Where(m => m.Id == id).ExecuteDeleteAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {OutboxId} is saved but could not be delivered now; it is sent again within {Lease}")]
    private static partial void LogDeferred(ILogger logger, Guid outboxId, TimeSpan lease, Exception exception);
}
