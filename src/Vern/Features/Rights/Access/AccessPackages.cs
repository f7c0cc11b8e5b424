using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights.Access;

/// <summary>
/// Stores a fulfilled request's package behind a download token and hands it out. Only the token's
/// SHA-256 is kept, so the database alone never opens a package; the content is sealed with the
/// person's data key, so erasing the person makes every stored package unreadable.
/// </summary>
internal static class AccessPackages
{
    public const string ConfigurationKey = "Rights:PackageLifetime";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);
    private const string Field = "access-package";

    /// <summary>How long a download link works: <c>Rights:PackageLifetime</c> (such as <c>30.00:00:00</c>), 30 days by default.</summary>
    public static TimeSpan Lifetime(IConfiguration configuration)
    {
        var text = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(text))
            return DefaultLifetime;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var lifetime) && lifetime > TimeSpan.Zero
            ? lifetime
            : throw new StartupException($"{ConfigurationKey} must be a positive time span in days.hours:minutes:seconds, such as 30.00:00:00, not '{text}'.");
    }

    /// <summary>Adds the package (the caller saves) and returns the token for the e-mailed link; it is never stored.</summary>
    public static async Task<string> CreateAsync(
        AppDb db, SubjectVault vault, TimeProvider time, TimeSpan lifetime, RightsRequest request, byte[] zip, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var token = RandomNumberGenerator.GetBytes(32);
        db.AccessPackages.Add(new AccessPackage
        {
            Id = Guid.CreateVersion7(now),
            RequestId = request.Id,
            SubjectId = request.SubjectId,
            TokenHash = SHA256.HashData(token),
            CreatedAt = now.UtcDateTime,
            ExpiresAt = (now + lifetime).UtcDateTime,
            Content = await vault.SealBytesAsync(request.SubjectId, Field, zip, ct),
        });
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// Gives a reviewed package a fresh token and a full lifetime from now, for the link the approval
    /// e-mails; the token made when it was built was never sent and stops working. The caller saves.
    /// </summary>
    public static (string Token, DateTimeOffset ExpiresAt) Reissue(AccessPackage package, TimeProvider time, TimeSpan lifetime)
    {
        var token = RandomNumberGenerator.GetBytes(32);
        var expires = time.GetUtcNow() + lifetime;
        package.TokenHash = SHA256.HashData(token);
        package.ExpiresAt = expires.UtcDateTime;
        return (Base64Url.EncodeToString(token), expires);
    }

    /// <summary>The ZIP of a stored package, for a reviewer; null when the person's key is gone. The caller audits.</summary>
    public static async Task<byte[]?> OpenAsync(SubjectVault vault, AccessPackage package, CancellationToken ct) =>
        package.Content is null ? null : await vault.OpenBytesAsync(package.SubjectId, Field, package.Content, ct);

    /// <summary>
    /// The package a token opens, if it still may be downloaded. Unknown, altered and expired tokens,
    /// and packages of erased people, all come back null alike, so the answer tells nothing more.
    /// </summary>
    public static async Task<AccessPackage?> FindAsync(AppDb db, TimeProvider time, string? token, CancellationToken ct)
    {
        var bytes = Decode(token);
        if (bytes is null)
            return null;
        var hash = SHA256.HashData(bytes);
        var package = await db.AccessPackages.FirstOrDefaultAsync(p => p.TokenHash == hash, ct);
        // The lookup is by hash, so timing reveals nothing about the token; compare once more in constant time anyway.
        if (package is null || !CryptographicOperations.FixedTimeEquals(package.TokenHash, hash))
            return null;
        if (package.ExpiresAt <= time.GetUtcNow().UtcDateTime || package.Content is null)
            return null;
        var shredded = await db.Subjects.Where(s => s.Id == package.SubjectId).Select(s => s.ShreddedAt).FirstOrDefaultAsync(ct);
        return shredded is null ? package : null;
    }

    /// <summary>Opens the package for download, records when and by whom, and saves; null as for <see cref="FindAsync"/>.</summary>
    public static async Task<(AccessPackage Package, byte[] Zip)?> DownloadAsync(AppDb db, SubjectVault vault, TimeProvider time, string? token, CancellationToken ct)
    {
        var package = await FindAsync(db, time, token, ct);
        if (package is null)
            return null;
        var zip = await vault.OpenBytesAsync(package.SubjectId, Field, package.Content!, ct);
        if (zip is null)
            return null;
        package.LastDownloadedAt = time.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(AuditEntry.Create(time, "visitor", "access-package.downloaded", package.SubjectId, details: $"request {package.RequestId}", requestId: package.RequestId));
        await db.SaveChangesAsync(ct);
        return (package, zip);
    }

    private static byte[]? Decode(string? token) =>
        string.IsNullOrEmpty(token) || token.Length > 64 || !Base64Url.IsValid(token) ? null : Base64Url.DecodeFromChars(token);
}
