using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vern.Data;

/// <summary>A list of short strings (ids, codes) stored as one JSON array column: read whole, never queried inside.</summary>
internal static class JsonListConversion
{
    public static PropertyBuilder<List<string>> HasJsonListConversion(this PropertyBuilder<List<string>> property) =>
        property.HasConversion(
            list => JsonSerializer.Serialize(list, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Web) ?? new(),
            new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), l => string.Join(',', l).GetHashCode(StringComparison.Ordinal), l => l.ToList()));
}
