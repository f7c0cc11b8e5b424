using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Features.Customers.Requests;

/// <summary>Issuing, revoking and checking the API keys with which a customer's systems forward requests.</summary>
internal sealed class CustomerApiKeys(AppDb db, TimeProvider time)
{
    public const int MaxName = 100;

    /// <summary>Issues a key for a customer the contact is a contact of; the key itself, shown once, or null when refused.</summary>
    public async Task<string?> IssueAsync(Guid contact, Guid customerId, string? name, CancellationToken ct)
    {
        var label = name?.Trim() ?? "";
        if (label.Length is 0 or > MaxName || label.Any(char.IsControl)
            || !await db.CustomerContacts.AnyAsync(c => c.SubjectId == contact && c.CustomerId == customerId, ct))
            return null;
        var key = CustomerApiKey.Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.CustomerApiKeys.Add(new CustomerApiKey
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            CustomerId = customerId,
            IssuedBy = contact,
            Name = label,
            Prefix = key[..12],
            Hash = Hash(key),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.api-key-issued", contact, details: $"customer {customerId}: {key[..12]}…"));
        await db.SaveChangesAsync(ct);
        return key;
    }

    /// <summary>Revokes a key of a customer the contact is a contact of; false when there is no such key.</summary>
    public async Task<bool> RevokeAsync(Guid contact, Guid keyId, CancellationToken ct)
    {
        var key = await (from k in db.CustomerApiKeys
                         join c in db.CustomerContacts on k.CustomerId equals c.CustomerId
                         where k.Id == keyId && c.SubjectId == contact && k.RevokedAt == null
                         select k).FirstOrDefaultAsync(ct);
        if (key is null)
            return false;
        key.RevokedAt = time.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(AuditEntry.Create(time, "customer contact", "customer.api-key-revoked", contact, details: $"customer {key.CustomerId}: {key.Prefix}…"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The key a request carries in <c>Authorization: Bearer</c>, when it is live and its issuer still a contact of its customer.</summary>
    public async Task<CustomerApiKey?> CheckAsync(string? authorization, CancellationToken ct)
    {
        if (authorization is not { } header || !header.StartsWith("Bearer " + CustomerApiKey.Scheme, StringComparison.Ordinal) || header.Length > 200)
            return null;
        var hash = Hash(header["Bearer ".Length..].Trim());
        var key = await db.CustomerApiKeys.FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null
            && db.CustomerContacts.Any(c => c.SubjectId == k.IssuedBy && c.CustomerId == k.CustomerId), ct);
        if (key is null)
            return null;
        // The portal shows the day a key was last used: a write on the first call of each day, not on every call.
        var now = time.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt?.Date != now.Date)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return key;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
