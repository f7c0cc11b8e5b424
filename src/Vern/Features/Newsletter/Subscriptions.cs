using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Security;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter;

/// <summary>What confirming a link did: nothing (a used, expired or unknown link, or a person who may not be sent marketing), a new subscription, or a subscriber's confirmation of a changed wording.</summary>
internal enum Confirmation { Refused, Subscribed, ConfirmedAgain }

/// <summary>What a sign-up sends: the address, the language to send in, and the browser's visitor id if it has one.</summary>
internal sealed record SubscriptionInput(string? Email, string? Language, string? VisitorId = null);

/// <summary>
/// Subscribing (double opt-in), confirming, unsubscribing and changing the language. The address is kept in the vault;
/// only a confirmation from the e-mail subscribes, and it is recorded in the consent ledger before anything else is
/// written: a process that dies after it leaves the link valid, and confirming again records again. Nothing here tells
/// the caller whether the address was known: a sign-up is answered alike for a new, a subscribed and a suppressed one.
/// </summary>
internal sealed class Subscriptions(
    AppDb db, SubjectVault vault, LookupHasher hasher, ProcessingGate gate, MailOutbox outbox, NewsletterMail mail, NewsletterConsent consent,
    VisitorIds visitorIds, ModelStore models, TimeProvider time)
{
    public const int MaxEmail = 254;

    /// <summary>Everything that can be checked without the database, per field.</summary>
    public Dictionary<string, string[]> Validate(SubscriptionInput input)
    {
        var t = Text<NewsletterTexts>.In(Languages.Match(input.Language));
        var errors = new Dictionary<string, string[]>();
        if (!IsAddress(input.Email))
            errors["email"] = [t.EmailInvalid];
        if (Languages.Match(input.Language) is null || input.Language!.Length > 8)
            errors["language"] = [string.Format(System.Globalization.CultureInfo.InvariantCulture, t.LanguageInvalid, string.Join(", ", Languages.Supported))];
        if (input.VisitorId is not null && !visitorIds.IsIssued(input.VisitorId))
            errors["visitorId"] = [VisitorIds.NotIssued];
        return errors;
    }

    /// <summary>
    /// A bare address on one line, such as <c>name@example.com</c>: no display name, no second address, nothing a mail
    /// header could be made of.
    /// </summary>
    public static bool IsAddress(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Trim().Length <= MaxEmail && !email.Any(char.IsControl)
        && MailboxAddress.TryParse(email.Trim(), out var mailbox) && mailbox.Address == email.Trim() && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.Address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < mailbox.Address.Length - 1;

    /// <summary>
    /// Sends a confirmation link to a valid sign-up (see <see cref="Validate"/>), unless the address is subscribed
    /// already or its owner may not be sent marketing (an objection, an erasure under way). A suppressed address is sent
    /// one too: a new confirmation is what lifts the suppression. The answer takes as long whatever happened.
    /// </summary>
    public async Task SubscribeAsync(SubscriptionInput input, long started, CancellationToken ct)
    {
        var email = input.Email!.Trim();
        await gate.RefuseIfBlockedAsync(email, network: null, started, ct);
        var language = Languages.Match(input.Language)!;
        var lookup = await hasher.HashEmailAsync(email, ct);
        var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.EmailLookup == lookup, ct);
        var subjectId = subscriber?.SubjectId ?? await vault.FindByEmailAsync(email, ct);
        if (subscriber is { Status: SubscriberStatus.Subscribed })
            db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "newsletter.asked", subjectId, details: "already subscribed: nothing sent"));
        else if (subjectId is { } known && await RefusalAsync(known, ct) is { } refused)
            db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "newsletter.asked", known, details: $"nothing sent: {refused.ToWire()}"));
        else
        {
            subjectId ??= (await vault.AddAsync(new PersonalDetails(email), ct)).Id;
            subscriber = await AskToConfirmAsync(subscriber, subjectId.Value, email, lookup, language, ct);
            db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "newsletter.asked", subjectId, details: $"confirmation sent ({subscriber.Status.ToWire()})"));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await outbox.DeliverAddedAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A second sign-up of the same new address at the same moment (a double click): the first one's link was sent,
            // and this one is answered as it would have been. Anything else is no such race, and fails as it did.
            db.ChangeTracker.Clear();
            if (await db.Subscribers.AsNoTracking().Where(s => s.EmailLookup == lookup).Select(s => (Guid?)s.SubjectId).FirstOrDefaultAsync(ct) is not { } first)
                throw;
            db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "newsletter.asked", first, details: "asked at the same moment as another sign-up: its link stands"));
            await db.SaveChangesAsync(ct);
        }
        await EvenResponseTime.WaitAsync(started, ct);
    }

    /// <summary>
    /// Adds a confirmation link to the person's subscription (a new, pending one if they have none) and its e-mail to the
    /// outbox; not saved: the caller saves it with its audit entry, then delivers the outbox. An unsubscribed address
    /// stays unsubscribed, and suppressed, until the new link is confirmed.
    /// </summary>
    public async Task<Subscriber> AskToConfirmAsync(Subscriber? subscriber, Guid subjectId, string email, byte[] lookup, string language, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (subscriber is null)
        {
            subscriber = new Subscriber { Id = Guid.CreateVersion7(time.GetUtcNow()), SubjectId = subjectId, EmailLookup = lookup, Status = SubscriberStatus.Pending };
            db.Subscribers.Add(subscriber);
        }
        var (token, hash) = SubscriberTokens.NewConfirmation();
        subscriber.Language = language;
        subscriber.AskedAt = now;
        subscriber.ConfirmationHash = hash;
        subscriber.ConfirmationExpiresAt = now + NewsletterMail.ConfirmationLifetime;
        await outbox.AddAsync(await mail.ConfirmationAsync(email, language, token), ct);
        return subscriber;
    }

    /// <summary>The subscription an outstanding, unexpired confirmation token belongs to; null for any other text.</summary>
    public async Task<Subscriber?> FindConfirmationAsync(string? token, CancellationToken ct)
    {
        if (SubscriberTokens.ConfirmationHash(token) is not { } hash)
            return null;
        var subscriber = await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.ConfirmationHash == hash, ct);
        // Found by its hash, so timing tells nothing of the token; compared once more in constant time anyway.
        return subscriber?.ConfirmationHash is { } stored && CryptographicOperations.FixedTimeEquals(stored, hash)
            && subscriber.ConfirmationExpiresAt > time.GetUtcNow().UtcDateTime ? subscriber : null;
    }

    /// <summary>
    /// Subscribes the person whose confirmation link this is, in <paramref name="language"/> (one of <see cref="Languages.Supported"/>): records the consent in the ledger, then, in one
    /// transaction, claims the token, lifts any suppression of the address and queues the welcome e-mail. Refused for a
    /// used, expired or unknown link, and for one whose owner may no longer be sent marketing; nothing is written then.
    /// </summary>
    public async Task<Confirmation> ConfirmAsync(string? token, string language, CancellationToken ct)
    {
        if (await FindConfirmationAsync(token, ct) is not { } subscriber || await RefusalAsync(subscriber.SubjectId, ct) is not null)
            return Confirmation.Refused;
        // The person confirms what the page showed them, in the language it showed it in; the newsletter comes in it too.
        subscriber.Language = language;
        var record = await consent.RecordAsync(subscriber, given: true, ct);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Of two confirmations racing with one link (a double click), one claims it; the other's record stays as what it is, a click.
        if (await db.Subscribers.Where(s => s.Id == subscriber.Id && s.ConfirmationHash == subscriber.ConfirmationHash)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.ConfirmationHash, (byte[]?)null)
                    .SetProperty(s => s.ConfirmationExpiresAt, (DateTime?)null)
                    .SetProperty(s => s.Status, SubscriberStatus.Subscribed)
                    .SetProperty(s => s.ConfirmedAt, now)
                    .SetProperty(s => s.UnsubscribedAt, (DateTime?)null)
                    .SetProperty(s => s.UndeliverableAt, (DateTime?)null)
                    .SetProperty(s => s.ConsentRecordId, record.Id)
                    .SetProperty(s => s.Language, language), ct) == 0)
            return Confirmation.Refused;
        // Linked to the person like a browser, so the processing gate, access and erasure find the subscription's consent.
        if (await vault.FindByIdentifierAsync(DataSubjects.VisitorIdKind, Subscriber.ConsentIdOf(subscriber.Id), ct) is null)
            await vault.AddIdentifierAsync(subscriber.SubjectId, DataSubjects.VisitorIdKind, Subscriber.ConsentIdOf(subscriber.Id), ct);
        await db.NewsletterSuppressions.Where(s => s.EmailLookup == subscriber.EmailLookup).ExecuteDeleteAsync(ct);
        // A subscriber confirming a changed wording (NewsletterReconfirmation) is welcomed once only, when they first subscribed.
        var again = subscriber.Status == SubscriberStatus.Subscribed;
        if (!again)
        {
            var email = (await vault.RevealAsync(subscriber.SubjectId, ct))?.Email
                ?? throw new InvalidOperationException($"Subscriber {subscriber.Id} has no address in the vault.");
            await outbox.AddAsync(await mail.WelcomeAsync(email, subscriber.Language, subscriber.Id, ct), ct);
        }
        db.AuditEntries.Add(AuditEntry.Create(time, "visitor", again ? "newsletter.confirmed-again" : "newsletter.confirmed", subscriber.SubjectId, details: $"consent record {record.Id}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return again ? Confirmation.ConfirmedAgain : Confirmation.Subscribed;
    }

    /// <summary>
    /// Ends the subscription at once: the withdrawal in the ledger (if the consent was given), the status and the
    /// address's suppression, as a keyed hash, in one commit. A pending one is cancelled. With <paramref name="keepDetails"/> (the
    /// unsubscribe page's separate, unticked choice) the person agrees to be kept longer than the newsletter's rule says,
    /// by its keepLonger period (ADR 35). False when there is no such subscription or it had ended already: an
    /// unsubscribe sent twice does nothing the second time.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(Guid subscriberId, string actor, bool keepDetails, CancellationToken ct)
    {
        var subscriber = await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriberId, ct);
        if (subscriber is null || subscriber.Status == SubscriberStatus.Unsubscribed)
            return false;
        var keptUnder = keepDetails ? await consent.KeptLongerUnderAsync(subscriber.Language, ct) : null;
        var ended = false;
        async Task EndAsync(AppDb on, CancellationToken ct)
        {
            // The writer runs this again, alone, when the batch it was in failed.
            ended = false;
            var now = time.GetUtcNow().UtcDateTime;
            if (await on.Subscribers.Where(s => s.Id == subscriberId && s.Status == subscriber.Status)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(s => s.Status, SubscriberStatus.Unsubscribed)
                        .SetProperty(s => s.UnsubscribedAt, now)
                        .SetProperty(s => s.ConfirmationHash, (byte[]?)null)
                        .SetProperty(s => s.ConfirmationExpiresAt, (DateTime?)null), ct) == 0)
                return;
            await SuppressAsync(on, subscriber.EmailLookup, now, ct);
            on.AuditEntries.Add(AuditEntry.Create(time, actor, "newsletter.unsubscribed", subscriber.SubjectId, details: $"was {subscriber.Status.ToWire()}"));
            if (keptUnder is var (rule, policyVersion))
                await RetentionConsents.GiveAsync(on, time, subscriber.SubjectId, rule, policyVersion, ct);
            ended = true;
        }

        // A subscriber's withdrawal and the end of the subscription are one commit, the ledger writer's: a process that
        // dies in between can leave neither a withdrawn consent with a live subscription nor the reverse.
        if (subscriber.Status == SubscriberStatus.Subscribed)
        {
            await consent.RecordAsync(subscriber, given: false, EndAsync, ct);
            return ended;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await EndAsync(db, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ended;
    }

    /// <summary>
    /// The same for a rights request, in the caller's unit of work: the withdrawal goes to the ledger at once, the rest is
    /// left unsaved for the caller, which saves it with everything else the request changes. Returns the subscription,
    /// tracked, and where it stood before; nulls when the person has none.
    /// </summary>
    public async Task<(Subscriber? Subscriber, SubscriberStatus? Was)> EndForAsync(Guid subjectId, CancellationToken ct)
    {
        var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.SubjectId == subjectId, ct);
        var was = subscriber?.Status;
        if (subscriber is null || was == SubscriberStatus.Unsubscribed)
            return (subscriber, was);
        if (subscriber.Status == SubscriberStatus.Subscribed)
            await consent.RecordAsync(subscriber, given: false, ct);
        var now = time.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(AuditEntry.Create(time, "system", "newsletter.unsubscribed", subjectId, details: $"was {subscriber.Status.ToWire()}"));
        subscriber.Status = SubscriberStatus.Unsubscribed;
        subscriber.UnsubscribedAt = now;
        subscriber.ConfirmationHash = null;
        subscriber.ConfirmationExpiresAt = null;
        await SuppressAsync(db, subscriber.EmailLookup, now, ct);
        return (subscriber, was);
    }

    /// <summary>Puts the address's keyed hash on the suppression list, unless it is there (not saved: the caller saves).</summary>
    private static async Task SuppressAsync(AppDb db, byte[] emailLookup, DateTime at, CancellationToken ct)
    {
        if (!await db.NewsletterSuppressions.AnyAsync(s => s.EmailLookup == emailLookup, ct))
            db.NewsletterSuppressions.Add(new Suppression { EmailLookup = emailLookup, SuppressedAt = at });
    }

    /// <summary>
    /// For an ended subscription: the day its details are deleted under the newsletter's rule, and whether that is later
    /// because the person agreed to be kept longer; nulls while it has not ended, or when the definition keeps no such rule.
    /// </summary>
    public async Task<(DateOnly? DeletedOn, bool KeptLonger)> DeletionAsync(Subscriber subscriber, CancellationToken ct)
    {
        var model = models.Current.Model;
        if (subscriber.EndedAt(time.GetUtcNow().UtcDateTime) is not { } ended
            || model.Purpose(NewsletterConsent.Purpose) is not { } purpose || model.RetentionRule(purpose.Retention) is not { } rule)
            return (null, false);
        var kept = rule.KeepLonger is not null && await RetentionConsents.StandingFor(db, rule).ContainsAsync(subscriber.SubjectId, ct);
        var day = OsloCalendar.DateOf(ended).ToDateTime(TimeOnly.MinValue);
        return IsoPeriods.TryAdd(day, rule.Period, out var due) && (!kept || IsoPeriods.TryAdd(due, rule.KeepLonger!.Period, out due))
            ? (DateOnly.FromDateTime(due), kept)
            : (null, kept);
    }

    /// <summary>Withdraws the person's consent to keep their details longer after unsubscribing; false when none stands.</summary>
    public async Task<bool> ReleaseKeptDetailsAsync(Guid subscriberId, CancellationToken ct)
    {
        var model = models.Current.Model;
        if (await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriberId, ct) is not { } subscriber
            || model.Purpose(NewsletterConsent.Purpose) is not { } purpose)
            return false;
        var withdrawn = await RetentionConsents.WithdrawAllAsync(db, time, subscriber.SubjectId, ct, rule: purpose.Retention);
        await db.SaveChangesAsync(ct);
        return withdrawn.Count > 0;
    }

    /// <summary>Changes the language the subscriber is written to in; false for an unknown subscription or language.</summary>
    public async Task<bool> ChangeLanguageAsync(Guid subscriberId, string? language, CancellationToken ct)
    {
        if (Languages.Match(language) is not { } chosen)
            return false;
        var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.Id == subscriberId, ct);
        if (subscriber is null)
            return false;
        subscriber.Language = chosen;
        db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "newsletter.language", subscriber.SubjectId, details: chosen));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Why nothing may be sent to the person for the newsletter whatever they consent to, if anything.</summary>
    private async Task<ProcessingRefusal?> RefusalAsync(Guid subjectId, CancellationToken ct) =>
        SignUpRefusal((await gate.CheckAsync(subjectId, NewsletterConsent.Purpose, null, ct)).Refusal);

    /// <summary>
    /// Of the gate's answer for the newsletter, what stops a person from being asked to confirm: anything but the missing
    /// consent that confirming gives.
    /// </summary>
    public static ProcessingRefusal? SignUpRefusal(ProcessingRefusal? refusal) =>
        refusal is ProcessingRefusal.NoConsent or ProcessingRefusal.ConsentWithdrawn or ProcessingRefusal.ConsentExpired ? null : refusal;
}
