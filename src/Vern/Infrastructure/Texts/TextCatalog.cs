using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vern.Infrastructure.Texts;

/// <summary>
/// Binds each <see cref="ITexts"/> record to its file in each language: <c>Texts/{language}/{TypeName}.json</c>,
/// embedded in the assembly. Loading is strict: a key missing from a file, a key the record does not
/// have, or an empty value fails the load, so an incomplete translation is found by the tests, not by a visitor.
/// </summary>
internal sealed class TextCatalog(IReadOnlyList<string> languages, Func<string, Stream?> open)
{
    /// <summary>The texts shipped with Vern, in <see cref="Texts.Languages.Supported"/>.</summary>
    public static TextCatalog Shipped { get; } = new(Texts.Languages.Supported, OpenEmbedded);

    /// <summary>Opens a shipped text file, such as <c>Texts/nb/BannerTexts.json</c>; null when there is none.</summary>
    public Stream? Open(string path) => open(path);

    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private readonly ConcurrentDictionary<(Type, string), object> loaded = new();

    public IReadOnlyList<string> Languages { get; } = languages;

    /// <summary>The texts of <typeparamref name="T"/> in <paramref name="language"/>, or in the default language when it is not one of ours.</summary>
    public T Get<T>(string? language) where T : class, ITexts
    {
        var chosen = language is not null && Languages.Contains(language) ? language : Languages[0];
        return (T)loaded.GetOrAdd((typeof(T), chosen), static (key, catalog) => catalog.Load(key.Item1, key.Item2), this);
    }

    /// <summary>Reads one file; public so that the tests can load every text record in every language.</summary>
    public object Load(Type type, string language)
    {
        ArgumentNullException.ThrowIfNull(type);
        var path = $"Texts/{language}/{type.Name}.json";
        using var stream = open(path) ?? throw new InvalidOperationException($"The text file {path} is missing.");
        var texts = JsonSerializer.Deserialize(stream, type, Strict)
            ?? throw new InvalidOperationException($"The text file {path} is empty.");
        if (EmptyValue(texts) is { } key)
            throw new InvalidOperationException($"The text file {path} has an empty value for {key}.");
        return texts;
    }

    /// <summary>The path of the first empty text, nested lists and maps included, read back the way it was loaded.</summary>
    private static string? EmptyValue(object texts) => Empty(JsonSerializer.SerializeToNode(texts, texts.GetType(), Strict), "$");

    private static string? Empty(JsonNode? node, string path) => node switch
    {
        null => path,
        JsonObject { Count: 0 } => path,
        JsonObject o => o.Select(p => Empty(p.Value, $"{path}.{p.Key}")).FirstOrDefault(e => e is not null),
        JsonArray a => a.Select((item, i) => Empty(item, $"{path}[{i}]")).FirstOrDefault(e => e is not null),
        JsonValue v when v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s) => path,
        _ => null,
    };

    private static Stream? OpenEmbedded(string path) =>
        typeof(TextCatalog).Assembly.GetManifestResourceStream(path);
}
