using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Staff;

/// <summary>
/// Identity's store, except that the authenticator (TOTP) secret is sealed before it reaches the
/// database: Identity keeps it as plain text in <c>AspNetUserTokens</c>, and whoever reads that secret
/// can produce every code. It is sealed with AES-GCM under a key of the key store, which lives apart
/// from the database like every data key, so a copy of the database alone yields no second factor.
/// </summary>
internal sealed class StaffUserStore(AppDb context, KeyStore keys, IdentityErrorDescriber? describer = null)
    : UserStore<StaffUser, IdentityRole, AppDb, string>(context, describer)
{
    private const string KeyOwner = "vern:staff-authenticator";
    private const string Prefix = "sealed:";

    public override async Task SetAuthenticatorKeyAsync(StaffUser user, string key, CancellationToken cancellationToken) =>
        await base.SetAuthenticatorKeyAsync(user, await SealAsync(user, key, cancellationToken), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        if (string.IsNullOrEmpty(stored))
            return stored;
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            // Set up before secrets were sealed: sealed now, and saved with the sign-in that reads it.
            await base.SetAuthenticatorKeyAsync(user, await SealAsync(user, stored, cancellationToken), cancellationToken);
            return stored;
        }
        var key = await keys.GetServiceKeyAsync(KeyOwner, cancellationToken);
        try
        {
            return Encoding.UTF8.GetString(Aead.Open(key, Convert.FromBase64String(stored[Prefix.Length..]), AssociatedData(user)));
        }
        catch (CryptographicException)
        {
            // Not openable (a database restored next to another key store): no code matches, and a
            // privacy officer resets the second factor; never a way around it.
            return null;
        }
    }

    private async Task<string> SealAsync(StaffUser user, string secret, CancellationToken ct)
    {
        var key = await keys.GetServiceKeyAsync(KeyOwner, ct);
        return Prefix + Convert.ToBase64String(Aead.Seal(key, Encoding.UTF8.GetBytes(secret), AssociatedData(user)));
    }

    // Bound to the account: a sealed secret copied onto another account's row does not open.
    private static byte[] AssociatedData(StaffUser user) => Encoding.UTF8.GetBytes("staff-authenticator:" + user.Id);
}
