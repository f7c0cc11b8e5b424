using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Policies;

namespace Vern.Features.Customers.Agreements;

/// <summary>
/// Where a customer stands with the agreement: the version in force and the newest one it accepted, when and how.
/// A customer whose data is processed without its acceptance of the current version is flagged; one whose data was
/// deleted after its licence ended is processed under no agreement any more, and is not.
/// </summary>
internal sealed record DpaStanding(int? Current, int? Accepted, DateTime? AcceptedAt, AcceptanceMethod? Method, bool DataDeleted = false)
{
    public bool Flagged => !DataDeleted && Current is not null && Accepted != Current;

    /// <summary>The standing in one line for the console, flagged first when it is.</summary>
    public string Summary => (Flagged ? "Flagged: " : "") + Describe();

    public string Describe() =>
        Accepted is null ? "no agreement accepted"
        : string.Create(CultureInfo.InvariantCulture, $"version {Accepted} accepted {AcceptedAt:yyyy-MM-dd} ({(Method == AcceptanceMethod.SignedPaper ? "signed paper copy" : "e-mailed link")})")
            + (Flagged ? string.Create(CultureInfo.InvariantCulture, $"; version {Current} not accepted") : "");
}

/// <summary>Where customers stand with the agreement, for the console and the records of processing.</summary>
internal static class DpaStandings
{
    /// <summary>The newest published version: the one customers are asked to accept.</summary>
    public static Task<DpaVersion?> CurrentAsync(AppDb db, CancellationToken ct) =>
        db.DpaVersions.AsNoTracking().Where(v => v.Status == PolicyStatus.Published).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Where each customer stands, by customer id: the newest version it accepted against the current one. Pages about a
    /// few customers name them in <paramref name="only"/>, so that only their acceptances are read.
    /// </summary>
    public static async Task<Func<Guid, DpaStanding>> ReadAsync(AppDb db, CancellationToken ct, IReadOnlyCollection<Guid>? only = null)
    {
        var current = (await CurrentAsync(db, ct))?.Number;
        var acceptances = only is null ? db.DpaAcceptances.AsNoTracking() : db.DpaAcceptances.AsNoTracking().Where(a => only.Contains(a.CustomerId));
        var latest = (await acceptances.Select(a => new { a.CustomerId, a.VersionNumber, a.AcceptedAt, a.Method }).ToListAsync(ct))
            .GroupBy(a => a.CustomerId).ToDictionary(g => g.Key, g => g.MaxBy(a => (a.VersionNumber, a.AcceptedAt))!);
        var customers = only is null ? db.Customers.AsNoTracking() : db.Customers.AsNoTracking().Where(c => only.Contains(c.Id));
        var deleted = (await customers.Where(c => c.DataDeletedAt != null).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        return id => latest.TryGetValue(id, out var a)
            ? new DpaStanding(current, a.VersionNumber, a.AcceptedAt, a.Method, deleted.Contains(id))
            : new DpaStanding(current, null, null, null, deleted.Contains(id));
    }
}
