using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// Withdraws a visitor's consent on their behalf (a rights request, not the banner): appends a
/// <c>withdraw</c> record refusing every optional category and service under the current revision
/// (or only some categories, for an objection to direct marketing, keeping the others as they were),
/// so the ledger shows when consent ended. The banner asks again on the visitor's next page view,
/// because the stored choice no longer matches the latest record.
/// </summary>
internal static class WithdrawConsent
{
    /// <summary>Returns false when the visitor's latest decision already refused everything withdrawn.</summary>
    /// <param name="only">The categories to withdraw; null for every optional one.</param>
    public static async Task<bool> HandleAsync(
        AppDb db, ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, TimeProvider time, string visitorId,
        IReadOnlySet<string>? only, CancellationToken ct)
    {
        var lookup = await hasher.HashIdentifierAsync(ConsentLookup.Kind, visitorId, ct);
        var latest = await db.ConsentRecords.AsNoTracking()
            .Where(r => r.VisitorLookup == lookup)
            .OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Action, r.Language, r.Categories, r.Revision })
            .FirstOrDefaultAsync(ct);
        if (latest is null)
            return false;

        var snapshot = await catalogue.GetAsync(ct);
        var revision = snapshot.Revisions[snapshot.CurrentRevision];
        var model = revision.Model;
        var previous = JsonSerializer.Deserialize<Dictionary<string, bool>>(latest.Categories) ?? [];
        var withdrawn = model.BannerCategories.Where(c => !c.Required && (only is null || only.Contains(c.Id))).Select(c => c.Id).ToHashSet();
        if (!previous.Any(p => p.Value && withdrawn.Contains(p.Key)))
            return false;

        var categories = new SortedDictionary<string, bool>(
            model.BannerCategories.ToDictionary(c => c.Id, c => c.Required || (!withdrawn.Contains(c.Id) && previous.GetValueOrDefault(c.Id))),
            StringComparer.Ordinal);
        var services = new SortedDictionary<string, bool>(model.Services.ToDictionary(s => s.Id, s => categories.GetValueOrDefault(s.Category)), StringComparer.Ordinal);
        var language = snapshot.Configs.ContainsKey((revision.Number, latest.Language)) ? latest.Language : Languages.Default;
        await ledger.AppendAsync(ConsentRecord.Create(time, snapshot, visitorId, lookup, revision.Number, language, ConsentAction.Withdraw, categories, services), ct);
        return true;
    }
}
