using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Security;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Portal;

/// <summary>
/// The portal where a customer's privacy contacts see what concerns their organisation. They sign in with a single-use
/// link e-mailed to their address; asking for one answers the same, in the same time, whether or not the address is a
/// contact's. A session names the person, never a customer: what it shows is looked up from the person's contacts each time,
/// so a removed contact sees nothing more and no id in an address opens another customer.
/// </summary>
internal sealed class CustomerPortal(AppDb db, SubjectVault vault, MailOutbox outbox, ModelStore models, PublicUrl url, TimeProvider time)
{
    public const string Scheme = "customer-portal";
    public const string Policy = "customer-contact";
    public const string SubjectClaim = "vern:customer-contact";
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);

    /// <summary>E-mails a sign-in link when <paramref name="email"/> is a contact of a customer.</summary>
    public async Task RequestAsync(string email, string language, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        if (await vault.FindByEmailAsync(email, ct) is { } subjectId && (await CustomersOfAsync(subjectId, ct)).Count > 0
            && await vault.RevealAsync(subjectId, ct) is { Email: { } address } person)
        {
            var (token, hash) = SubscriberTokens.NewConfirmation();
            var now = time.GetUtcNow().UtcDateTime;
            var signIn = new PortalSignIn { Id = Guid.CreateVersion7(time.GetUtcNow()), SubjectId = subjectId, TokenHash = hash, CreatedAt = now, ExpiresAt = now + LinkLifetime };
            db.PortalSignIns.Add(signIn);
            var t = Text<PortalTexts>.In(language);
            var processor = models.Current.Model.Controller.Name;
            await outbox.AddAsync(new OutgoingEmail(address, string.Format(CultureInfo.InvariantCulture, t.MailSubject, processor),
                string.Format(CultureInfo.InvariantCulture, t.MailBody, person.Name ?? address, processor,
                    signIn.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), url.Link($"/customers/signin/{token}"))), ct);
            db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.portal-link-sent", subjectId));
            await db.SaveChangesAsync(ct);
            await outbox.DeliverAddedAsync(ct);
        }
        await EvenResponseTime.WaitAsync(started, ct);
    }

    /// <summary>Whether a link would sign someone in; reading it changes nothing.</summary>
    public async Task<bool> IsValidAsync(string? token, CancellationToken ct) => await FindAsync(token, ct) is not null;

    /// <summary>Uses a link: the person it signs in, or null for a link that is unknown, used, expired, or whose person is no longer a contact.</summary>
    public async Task<Guid?> RedeemAsync(string? token, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } signIn)
            return null;
        signIn.UsedAt = time.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.portal-signed-in", signIn.SubjectId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        return signIn.SubjectId;
    }

    /// <summary>
    /// The customers <paramref name="subjectId"/> is a privacy contact of: with those whose data was deleted after the
    /// licence ended (their contacts still reach the deletion certificate) unless <paramref name="heldOnly"/>.
    /// </summary>
    public Task<List<Customer>> CustomersOfAsync(Guid subjectId, CancellationToken ct, bool heldOnly = false) =>
        (from contact in db.CustomerContacts.AsNoTracking()
         join customer in db.Customers on contact.CustomerId equals customer.Id
         where contact.SubjectId == subjectId && (!heldOnly || customer.DataDeletedAt == null)
         orderby customer.Organisation
         select customer).ToListAsync(ct);

    private async Task<PortalSignIn?> FindAsync(string? token, CancellationToken ct)
    {
        if (SubscriberTokens.ConfirmationHash(token) is not { } hash)
            return null;
        var now = time.GetUtcNow().UtcDateTime;
        var signIn = await db.PortalSignIns.FirstOrDefaultAsync(s => s.TokenHash == hash && s.UsedAt == null && s.ExpiresAt > now, ct);
        return signIn is not null && (await CustomersOfAsync(signIn.SubjectId, ct)).Count > 0 ? signIn : null;
    }
}
