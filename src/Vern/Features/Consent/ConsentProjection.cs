using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vern.Features.Model;

namespace Vern.Features.Consent;

/// <summary>
/// The part of the privacy model a visitor consents to: the consent categories with their texts,
/// the services in them and the purposes those serve. When it changes, the banner must ask again.
/// </summary>
internal static class ConsentProjection
{
    // DPV purposes that amount to advertising or selling, which a Global Privacy Control signal refuses.
    private static readonly HashSet<string> AdvertisingPurposes = new(StringComparer.OrdinalIgnoreCase)
    {
        "dpv:DirectMarketing", "dpv:Marketing", "dpv:Advertising", "dpv:PersonalisedAdvertising",
        "dpv:TargetedAdvertising", "dpv:SellDataToThirdParties", "dpv:SellProducts",
    };

    public static string Hash(PrivacyModel model)
    {
        var projection = new
        {
            categories = model.BannerCategories.Select(c => new { c.Id, c.Required, Name = Sorted(c.Name), Description = Sorted(c.Description) }),
            services = model.Services.Select(s => new { s.Id, s.Name, s.Provider, s.Category, s.Purposes }),
            purposes = model.Purposes
                .Where(p => model.BannerCategories.Any(c => c.Id == p.ConsentCategory) || model.Services.Any(s => s.Purposes.Contains(p.Id)))
                .Select(p => new { p.Id, p.ConsentCategory, LegalBasis = p.LegalBasis.ToString(), Name = Sorted(p.Name), Description = Sorted(p.Description), p.DpvPurpose }),
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(projection)));
    }

    /// <summary>Consent categories whose purposes advertise or sell (in the shipped definition: marketing).</summary>
    public static IReadOnlyList<string> GpcRefuses(PrivacyModel model) =>
        model.BannerCategories
            .Where(c => !c.Required && model.Purposes.Any(p => p.ConsentCategory == c.Id && p.DpvPurpose is not null && AdvertisingPurposes.Contains(p.DpvPurpose)))
            .Select(c => c.Id)
            .ToList();

    private static SortedDictionary<string, string> Sorted(LocalizedText text) => new(text.Values.ToDictionary(), StringComparer.Ordinal);

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
