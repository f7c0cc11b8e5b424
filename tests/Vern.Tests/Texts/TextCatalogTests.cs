using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vern.Infrastructure.Texts;

namespace Vern.Tests.Texts;

/// <summary>Every text exists in every language, and a language is files plus one entry in <see cref="Languages.Supported"/>.</summary>
public sealed partial class TextCatalogTests
{
    private static readonly Assembly Vern = typeof(TextCatalog).Assembly;

    public static TheoryData<string, string> TextsInEveryLanguage()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in TextTypes())
        {
            foreach (var language in Languages.Supported)
                data.Add(type.Name, language);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TextsInEveryLanguage))]
    public void Every_key_exists_in_every_language(string typeName, string language)
    {
        // Loading is strict: a missing key, an unknown key or an empty value throws.
        var texts = TextCatalog.Shipped.Load(TextTypes().Single(t => t.Name == typeName), language);
        Assert.NotNull(texts);
    }

    [Fact]
    public void Every_text_file_belongs_to_a_text_record()
    {
        var names = TextTypes().Select(t => t.Name).ToHashSet();
        var files = Vern.GetManifestResourceNames().Where(n => n.StartsWith("Texts/", StringComparison.Ordinal)).ToList();
        Assert.All(files, f => Assert.Contains(f.Split('/')[2].Replace(".json", "", StringComparison.Ordinal), names));
        Assert.Equal(TextTypes().Count() * Languages.Supported.Count, files.Count);
    }

    [Fact]
    public void A_missing_key_fails_the_load_and_names_the_file()
    {
        var catalog = new TextCatalog(["en"], path => Edited(path, json => json.Remove("Title")));
        var error = Assert.ThrowsAny<Exception>(() => catalog.Get<global::Vern.Features.Consent.BannerTexts>("en"));
        Assert.Contains("Title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_the_record_does_not_have_fails_the_load()
    {
        var catalog = new TextCatalog(["en"], path => Edited(path, json => json["Titel"] = "Typo"));
        Assert.ThrowsAny<Exception>(() => catalog.Get<global::Vern.Features.Consent.BannerTexts>("en"));
    }

    [Fact]
    public void A_third_language_is_a_folder_of_files_and_one_list_entry()
    {
        // A pseudo-locale stands in for Swedish or Danish: its files are the English ones with every
        // letter accented, so any text that still came from code would show up unaccented.
        var catalog = new TextCatalog([.. Languages.Supported, "qps"], path =>
            path.StartsWith("Texts/qps/", StringComparison.Ordinal)
                ? Edited("Texts/en/" + path["Texts/qps/".Length..], Pseudo)
                : TextCatalog.Shipped.Open(path));

        foreach (var type in TextTypes())
        {
            var english = Values(TextCatalog.Shipped.Load(type, "en"));
            var pseudo = Values(catalog.Load(type, "qps"));
            Assert.Equal(english.Count, pseudo.Count);
            Assert.All(english.Zip(pseudo), pair => Assert.Equal(Accent(pair.First), pair.Second));
        }
        Assert.NotEqual(
            TextCatalog.Shipped.Get<global::Vern.Features.Centre.CentreText>("en").CentreTitle,
            catalog.Get<global::Vern.Features.Centre.CentreText>("qps").CentreTitle);
    }

    private static IEnumerable<Type> TextTypes() =>
        Vern.GetTypes().Where(t => t.IsClass && typeof(ITexts).IsAssignableFrom(t)).OrderBy(t => t.Name);

    private static MemoryStream Edited(string path, Action<JsonObject> edit)
    {
        using var shipped = TextCatalog.Shipped.Open(path) ?? throw new FileNotFoundException(path);
        var json = JsonNode.Parse(shipped)!.AsObject();
        edit(json);
        return new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static void Pseudo(JsonObject json)
    {
        foreach (var (key, value) in json.ToList())
        {
            if (value is JsonObject inner)
                Pseudo(inner);
            else if (value is JsonValue text && text.TryGetValue<string>(out var s))
                json[key] = Accent(s);
        }
    }

    /// <summary>Accents letters outside placeholders and markup, so {0} and &lt;p&gt; still work.</summary>
    private static string Accent(string text) =>
        Markup().Replace(text, m => m.Groups["keep"].Success ? m.Value : m.Value.Replace('a', 'á').Replace('e', 'é').Replace('o', 'ö').Replace('u', 'ü'));

    [GeneratedRegex(@"(?<keep>\{[^}]*\}|<[^>]*>|&\w+;)|[^{<&]+|[{<&]")]
    private static partial Regex Markup();

    /// <summary>The record's strings, dictionaries' values included, in a stable order.</summary>
    private static List<string> Values(object texts) => [.. texts.GetType().GetProperties()
        .OrderBy(p => p.Name)
        .SelectMany(p => p.GetValue(texts) switch
        {
            string s => [s],
            IReadOnlyDictionary<string, string> d => d.OrderBy(kv => kv.Key).Select(kv => kv.Value),
            _ => Array.Empty<string>(),
        })];
}
