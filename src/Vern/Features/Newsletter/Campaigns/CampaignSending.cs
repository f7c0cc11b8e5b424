using System.Diagnostics;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Jobs;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>
/// Sends the campaigns that are due, newsletter issues and policy notices alike, one server at a time: the server that
/// takes a campaign's lease queues its recipients (its kind's <see cref="ICampaignAudience"/> at that moment), then works
/// through the queue at <c>Newsletter:MessagesPerSecond</c>. Each person is checked as their message is about to go
/// (within the 50 ms slice it goes in): for an issue, through the processing gate, so that an unsubscribe, objection,
/// restriction, erasure or withdrawal that came in since the campaign started stops their message.
/// </summary>
/// <remarks>
/// Nobody gets a message twice: messages are marked as being handed over, and that is committed, before they are, a
/// slice of at most 50 ms of sending at a time (one message when the rate is low). What the server took of a slice is
/// recorded sent in the next slice's commit, one commit per slice; a server that stops (even by <c>kill -9</c>) leaves
/// at most two slices so marked (the one it was handing over and the one before it), and whoever resumes the campaign
/// counts them as uncertain instead of sending them again. The slice's recipients are checked, and their addresses
/// read, together: one by one, the reads and the commits held Vern to a fifth of the plain MailKit loop's pace
/// (bench/README.md, <c>newsletter</c>). A temporary failure (4xx, a dropped connection) is retried with backoff,
/// <c>Newsletter:MaxAttempts</c> times in all; a permanent refusal of the address marks it undeliverable (for an issue).
/// </remarks>
internal sealed partial class CampaignSending(
    AppDb db, IEnumerable<ICampaignAudience> audiences, Mailer mailer, WorkLease lease,
    IConfiguration configuration, TimeProvider time, ILogger<CampaignSending> logger)
{
    private const int Batch = 200;
    private const int QueueBatch = 5_000;

    /// <summary>The last slice's messages the SMTP server took, recorded <c>sent</c> in the next slice's commit (or <see cref="RecordSentAsync"/>).</summary>
    private (List<Guid> Ids, DateTime At)? taken;

    private double MessagesPerSecond => configuration.GetValue("Newsletter:MessagesPerSecond", 20.0);
    private int MaxAttempts => configuration.GetValue("Newsletter:MaxAttempts", 5);

    /// <summary>
    /// Sends the next due campaign this server can take, as far as it can now: to its end, or until only retries
    /// waiting their time are left. False when there was none to take.
    /// </summary>
    public async Task<bool> SendDueAsync(string senderId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Campaigns.AsNoTracking()
            // A campaign being sent is due unless all it has left are retries waiting their time (or nothing: then it is finished).
            .Where(c => (c.Status == CampaignStatus.Scheduled && c.ScheduledFor <= now)
                || (c.Status == CampaignStatus.Sending && (!db.CampaignMessages.Any(m => m.CampaignId == c.Id && m.Status == DeliveryStatus.Queued)
                    || db.CampaignMessages.Any(m => m.CampaignId == c.Id && ((m.Status == DeliveryStatus.Queued && m.NextAttemptAt <= now) || m.Status == DeliveryStatus.Sending)))))
            .Where(c => c.SenderLeaseUntil == null || c.SenderLeaseUntil < now || c.SenderId == senderId)
            .OrderBy(c => c.ScheduledFor).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (due is not { } id || !await ClaimAsync(id, senderId, ct))
            return false;
        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id, ct);
        // A server that stopped while handing a message over may have sent it: it is not sent again.
        var uncertain = await db.CampaignMessages.Where(m => m.CampaignId == id && m.Status == DeliveryStatus.Sending)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, DeliveryStatus.Uncertain).SetProperty(m => m.Reason, "the sending server stopped while handing it over"), ct);
        if (uncertain > 0)
            LogUncertain(logger, id, uncertain);
        if (campaign.QueuedAt is null)
            await QueueAsync(campaign, ct);
        await SendQueuedAsync(campaign, senderId, ct);
        return true;
    }

    private async Task<bool> ClaimAsync(Guid id, string senderId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Campaigns
            .Where(c => c.Id == id && (c.Status == CampaignStatus.Scheduled || c.Status == CampaignStatus.Sending)
                && (c.SenderLeaseUntil == null || c.SenderLeaseUntil < now || c.SenderId == senderId))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.SenderId, senderId).SetProperty(c => c.SenderLeaseUntil, now + lease.Duration), ct) == 1;
    }

    /// <summary>Queues a message for every recipient now, in one transaction with the campaign's start.</summary>
    private async Task QueueAsync(Campaign campaign, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var recipients = await AudienceOf(campaign).RecipientsAsync(campaign, ct);
        // Without change tracking: one EF insert per recipient took a sixth of a campaign's send (bench/README.md, newsletter).
        await using (var insert = new BulkInsert(db, typeof(CampaignMessage)))
        {
            foreach (var chunk in recipients.Chunk(QueueBatch))
                await insert.InsertAsync(transaction.GetDbTransaction(), [.. chunk.Select(recipient =>
                {
                    var id = Guid.CreateVersion7(now);
                    return new CampaignMessage
                    {
                        Id = id,
                        CampaignId = campaign.Id,
                        SubscriberId = recipient.SubscriberId,
                        SubjectId = recipient.SubjectId,
                        Status = DeliveryStatus.Queued,
                        NextAttemptAt = now.UtcDateTime,
                        // Known before it is sent, so a bounce or the server's log can be matched to it whatever becomes of the send.
                        MessageId = $"{id:N}@{mailer.MessageIdDomain}",
                    };
                })]);
        }
        await db.Campaigns.Where(c => c.Id == campaign.Id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.Status, CampaignStatus.Sending).SetProperty(c => c.QueuedAt, now.UtcDateTime), ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "system", "campaign.started", details: $"{campaign.Id}: {recipients.Count} recipients queued"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task SendQueuedAsync(Campaign campaign, string senderId, CancellationToken ct)
    {
        await using var transport = new CampaignTransport(mailer);
        var pace = Stopwatch.StartNew();
        var handed = 0;
        var perMessage = TimeSpan.Zero;
        var leaseUntil = time.GetUtcNow().UtcDateTime + lease.Duration;
        while (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (now > leaseUntil - lease.Duration / 2)
            {
                // Renewed while held; lost (another server took it after this one stalled past it), this one stops.
                if (!await ClaimAsync(campaign.Id, senderId, ct))
                {
                    await RecordSentAsync();
                    return;
                }
                leaseUntil = now + lease.Duration;
            }
            var batch = await db.CampaignMessages.AsNoTracking()
                .Where(m => m.CampaignId == campaign.Id && m.Status == DeliveryStatus.Queued && m.NextAttemptAt <= now)
                .OrderBy(m => m.Id).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                await RecordSentAsync();
                await FinishIfDoneAsync(campaign.Id, senderId, ct);
                return;
            }
            for (var next = 0; next < batch.Count && !ct.IsCancellationRequested;)
            {
                var slice = batch.GetRange(next, Math.Min(SliceSize(perMessage), batch.Count - next));
                next += slice.Count;
                var started = Stopwatch.GetTimestamp();
                var sent = await SendSliceAsync(campaign, slice, transport, pace, handed, ct);
                if (sent > 0)
                    perMessage = Stopwatch.GetElapsedTime(started) / sent;
                handed += sent;
            }
        }
        await RecordSentAsync();
    }

    /// <summary>Records the messages of the last slice the server took as sent, if not yet done with a later slice's marks.</summary>
    private async Task RecordSentAsync()
    {
        if (taken is not var (ids, at))
            return;
        taken = null;
        await db.CampaignMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Status, DeliveryStatus.Sent).SetProperty(m => m.SentAt, at).SetProperty(m => m.Reason, (string?)null), CancellationToken.None);
    }

    /// <summary>
    /// How many messages to mark as being handed over at once: as many as go out in <see cref="Slice"/>, at the configured
    /// rate and at the pace measured, so that a crash leaves at most that long's messages uncertain; one while the pace
    /// is not known yet or when the rate is low.
    /// </summary>
    private int SliceSize(TimeSpan perMessage)
    {
        var byRate = MessagesPerSecond * Slice.TotalSeconds;
        var byPace = perMessage > TimeSpan.Zero ? Slice / perMessage : 1;
        return (int)Math.Clamp(Math.Min(byRate, byPace), 1, Batch);
    }

    /// <summary>The time a slice of messages takes at most; what a crash can leave uncertain.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Checks each recipient of the slice, marks those who may still be sent it as being handed over (one commit), hands
    /// them to the server at the configured rate, and records what became of each (one commit for those taken). Returns
    /// how many were handed over.
    /// </summary>
    private async Task<int> SendSliceAsync(Campaign campaign, List<CampaignMessage> slice, CampaignTransport transport, Stopwatch pace, int handed, CancellationToken ct)
    {
        var ready = new List<(CampaignMessage Message, MimeKit.MimeMessage Mime)>(slice.Count);
        var skipped = new List<(Guid Id, string Reason)>();
        var audience = AudienceOf(campaign);
        var addressed = await audience.AddressAsync(campaign, slice, ct);
        foreach (var message in slice)
        {
            if (addressed[message.Id] is { Email: { } email })
                ready.Add((message, mailer.Build(email, message.MessageId)));
            else
                skipped.Add((message.Id, addressed[message.Id].Refusal ?? "erased"));
        }

        // Committed before any of them is handed over: after a crash, these are uncertain, never sent twice.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // The previous slice's outcome goes in this commit: one commit per slice, not two.
            await RecordSentAsync();
            foreach (var (id, reason) in skipped)
                await SetAsync(id, DeliveryStatus.Queued, DeliveryStatus.Skipped, reason, ct);
            var marking = ready.Select(r => r.Message.Id).ToList();
            var marked = await db.CampaignMessages.Where(m => marking.Contains(m.Id) && m.Status == DeliveryStatus.Queued)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, DeliveryStatus.Sending).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (marked != ready.Count)
            {
                // Not all were still queued: only those this transaction marked go.
                var ours = (await db.CampaignMessages.Where(m => marking.Contains(m.Id) && m.Status == DeliveryStatus.Sending).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
                ready.RemoveAll(r => !ours.Contains(r.Message.Id));
            }
            await transaction.CommitAsync(ct);
        }

        // From here on the outcome is recorded whatever happens to the request that stops the server.
        var took = new List<Guid>(ready.Count);
        foreach (var (message, mime) in ready)
        {
            // Throttled to the configured rate, counted from the start of this server's work on the campaign.
            var wait = TimeSpan.FromSeconds((handed + took.Count) / MessagesPerSecond) - pace.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, CancellationToken.None);
            if (await HandOverAsync(message, mime, audience, transport))
                took.Add(message.Id);
        }
        if (took.Count > 0)
            taken = (took, time.GetUtcNow().UtcDateTime);
        return ready.Count;
    }

    /// <summary>Hands one message to the server; true when it took it, the failure recorded otherwise.</summary>
    private async Task<bool> HandOverAsync(CampaignMessage message, MimeKit.MimeMessage mime, ICampaignAudience audience, CampaignTransport transport)
    {
        try
        {
            await transport.SendAsync(mime, CancellationToken.None);
            return true;
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            await SetAsync(message.Id, DeliveryStatus.Sending, DeliveryStatus.Failed, $"refused by the SMTP server: {(int)e.StatusCode}", CancellationToken.None);
            if (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
                await audience.RefusedAsync(message, CancellationToken.None);
        }
        catch (Exception e) when (e is SmtpCommandException or IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException)
        {
            var attempts = message.Attempts + 1;
            var reason = e is SmtpCommandException smtp ? $"temporary failure: {(int)smtp.StatusCode}" : "the SMTP server could not be reached";
            if (attempts >= MaxAttempts)
                await SetAsync(message.Id, DeliveryStatus.Sending, DeliveryStatus.Failed, $"{reason}, {attempts} attempts", CancellationToken.None);
            else
                await db.CampaignMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Status, DeliveryStatus.Queued).SetProperty(m => m.Reason, reason)
                    .SetProperty(m => m.NextAttemptAt, time.GetUtcNow().UtcDateTime + Backoff(attempts)), CancellationToken.None);
            LogTemporaryFailure(logger, mime.MessageId ?? "", e);
        }
        return false;
    }

    private ICampaignAudience AudienceOf(Campaign campaign) => audiences.Single(a => a.Kind == campaign.Kind);

    /// <summary>1, 2, 4, 8… minutes after the attempt that failed.</summary>
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Min(attempts - 1, 10)));

    private Task<int> SetAsync(Guid id, DeliveryStatus from, DeliveryStatus to, string reason, CancellationToken ct) =>
        db.CampaignMessages.Where(m => m.Id == id && m.Status == from)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, to).SetProperty(m => m.Reason, reason), ct);

    /// <summary>Marks the campaign sent once nothing is left queued, not even a retry; lets its lease go either way.</summary>
    private async Task FinishIfDoneAsync(Guid id, string senderId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (await db.CampaignMessages.AnyAsync(m => m.CampaignId == id && m.Status == DeliveryStatus.Queued, ct))
        {
            // Retries wait their time; the lease goes, so any server may pick the campaign up then.
            await db.Campaigns.Where(c => c.Id == id && c.SenderId == senderId).ExecuteUpdateAsync(u => u.SetProperty(c => c.SenderLeaseUntil, (DateTime?)null), ct);
            return;
        }
        var counts = await db.CampaignMessages.Where(m => m.CampaignId == id).GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        await db.Campaigns.Where(c => c.Id == id && c.SenderId == senderId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.Status, CampaignStatus.Sent).SetProperty(c => c.FinishedAt, now).SetProperty(c => c.SenderLeaseUntil, (DateTime?)null), ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "system", "campaign.sent",
            details: $"{id}: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key.ToWire()} {c.Count}"))}"));
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: {Count} message(s) were being handed over when the sending server stopped; they are not sent again")]
    private static partial void LogUncertain(ILogger logger, Guid campaignId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign message {MessageId} was not taken by the SMTP server")]
    private static partial void LogTemporaryFailure(ILogger logger, string messageId, Exception exception);
}
