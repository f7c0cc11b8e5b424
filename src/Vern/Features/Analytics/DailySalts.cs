using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Analytics;

/// <summary>
/// The salts of cookieless counting, one per day (UTC), shared by every server through the database. A visitor is
/// the hash of the day's salt, the site, the masked network and the browser's header, so the same browser is one
/// visitor within a day and cannot be followed from one day to the next; a salt is deleted once the day after its
/// own has ended (by the hourly roll-up job: 48 to 49 hours after the salt's day began), and with it any way to link
/// its hashes to a browser.
/// </summary>
internal sealed class DailySalts(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Salted? current;

    private sealed record Salted(DateOnly Day, byte[] Salt);

    public async ValueTask<byte[]> TodayAsync(CancellationToken ct)
    {
        var today = Today();
        if (current is { } salted && salted.Day == today)
            return salted.Salt;
        await gate.WaitAsync(ct);
        try
        {
            if (current is { } again && again.Day == today)
                return again.Salt;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var salt = await db.AnalyticsSalts.AsNoTracking().Where(s => s.Day == today).Select(s => s.Salt).FirstOrDefaultAsync(ct);
            if (salt is null)
            {
                db.AnalyticsSalts.Add(new AnalyticsSalt { Day = today, Salt = RandomNumberGenerator.GetBytes(32) });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another server made today's salt first: everyone counts with that one.
                    db.ChangeTracker.Clear();
                }
                salt = await db.AnalyticsSalts.AsNoTracking().Where(s => s.Day == today).Select(s => s.Salt).FirstAsync(ct);
            }
            current = new Salted(today, salt);
            return salt;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deletes the salts of days before yesterday; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(AppDb db, CancellationToken ct)
    {
        var yesterday = Today().AddDays(-1);
        return await db.AnalyticsSalts.Where(s => s.Day < yesterday).ExecuteDeleteAsync(ct);
    }

    /// <summary>The pseudonym of one browser on one site for today.</summary>
    public static string Visitor(byte[] salt, string site, string network, string userAgent)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Convert.ToBase64String(salt)}\n{site}\n{network}\n{userAgent}"));
        return Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }

    public void Dispose() => gate.Dispose();

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
