using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Vern.Infrastructure.Formats;

/// <summary>
/// The one spelling a domain value has wherever it leaves the process: the database column, JSON, audit
/// entries, the hash chains, pages and e-mails. It is the <see cref="JsonStringEnumMemberNameAttribute"/>
/// of each member, so <see cref="JsonStringEnumConverter{TEnum}"/> writes the same text as
/// <see cref="WireNameConverter{TEnum}"/> stores. An enum's own <c>ToString()</c> is never shown or stored.
/// </summary>
internal static class WireNames
{
    /// <summary>The value as stored and shown, such as <c>awaiting-verification</c>.</summary>
    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var name) ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no member {value}.");

    /// <summary>The value spelled <paramref name="text"/> (exactly, case included); false for anything else.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return text is not null && Names<TEnum>.ByName.TryGetValue(text, out value);
    }

    /// <summary>The value spelled <paramref name="text"/>; a stored value Vern never wrote is an error, not a default.</summary>
    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value
            : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}; expected one of: {string.Join(", ", All<TEnum>())}.");

    /// <summary>Every spelling, in declaration order (for choices offered and messages listing them).</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Names<TEnum>.InOrder;

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        private static readonly (TEnum Value, string Name)[] Members = [.. typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((TEnum)f.GetValue(null)!, f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{f.Name} has no [JsonStringEnumMemberName]: say how it is spelled.")))];

        public static readonly IReadOnlyList<string> InOrder = [.. Members.Select(m => m.Name)];
        public static readonly FrozenDictionary<TEnum, string> ByValue = Members.ToFrozenDictionary(m => m.Value, m => m.Name);
        public static readonly FrozenDictionary<string, TEnum> ByName = Members.ToFrozenDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
    }
}
