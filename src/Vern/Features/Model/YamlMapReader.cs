using System.Globalization;
using Vern.Infrastructure.Texts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vern.Features.Model;

/// <summary>
/// Reads YAML nodes into the model while remembering where each field was, so every error,
/// whether of syntax, shape or meaning, names the file, line and field.
/// </summary>
internal sealed class YamlMapReader(string file)
{
    /// <summary>The languages a text may be given in, as "en, nb" for the errors.</summary>
    private static readonly string LanguageList = string.Join(", ", Languages.Supported);
    private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);

    public string File { get; } = file;
    public List<ModelError> Errors { get; } = [];

    /// <summary>The line of a field, or of the nearest enclosing one that exists.</summary>
    public int LineOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
            if (lines.TryGetValue(p, out var line))
                return line;
        return 1;
    }

    public void Error(string path, string message) => Errors.Add(new ModelError(File, LineOf(path), path, message));

    public YamlMappingNode? Root(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Errors.Add(new ModelError(File, (int)e.Start.Line, "(syntax)", e.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // The scanner gives up without a position on some truncated documents.
            Errors.Add(new ModelError(File, 1, "(syntax)", "The YAML is incomplete: look for an unclosed bracket or quote."));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Errors.Add(new ModelError(File, 1, "(root)", "The definition must be a YAML mapping (key: value lines)."));
            return null;
        }
        return root;
    }

    public YamlNode? Node(YamlMappingNode map, string key, string path, bool required)
    {
        var field = Join(path, key);
        if (map.Children.TryGetValue(new YamlScalarNode(key), out var node) && !IsNull(node))
        {
            lines[field] = (int)node.Start.Line;
            return node;
        }
        lines.TryAdd(field, (int)map.Start.Line);
        if (required)
            Error(field, "is required.");
        return null;
    }

    public YamlMappingNode? Map(YamlMappingNode map, string key, string path, bool required = true)
    {
        var node = Node(map, key, path, required);
        if (node is null or YamlMappingNode)
            return node as YamlMappingNode;
        Error(Join(path, key), "must be a mapping of fields.");
        return null;
    }

    public string? String(YamlMappingNode map, string key, string path, bool required = true)
    {
        var node = Node(map, key, path, required);
        if (node is null)
            return null;
        if (node is YamlScalarNode { Value: { } value } && value.Trim().Length > 0)
            return value.Trim();
        Error(Join(path, key), "must be a text value.");
        return null;
    }

    public bool Bool(YamlMappingNode map, string key, string path)
    {
        var text = String(map, key, path, required: false);
        if (text is null)
            return false;
        if (bool.TryParse(text, out var value))
            return value;
        Error(Join(path, key), "must be true or false.");
        return false;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when the key is absent.</summary>
    public int Int(YamlMappingNode map, string key, string path, int fallback, int min, int max)
    {
        var text = String(map, key, path, required: false);
        if (text is null)
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Error(Join(path, key), $"must be a whole number from {min} to {max}.");
        return fallback;
    }

    public DateOnly? Date(YamlMappingNode map, string key, string path, bool required = false)
    {
        var text = String(map, key, path, required);
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        Error(Join(path, key), $"'{text}' is not a date (write YYYY-MM-DD).");
        return null;
    }

    /// <summary>A kebab-case choice such as <c>legitimate-interests</c>.</summary>
    public T? Choice<T>(YamlMappingNode map, string key, string path, IReadOnlyDictionary<string, T> choices, bool required = true) where T : struct
    {
        var text = String(map, key, path, required);
        if (text is null)
            return null;
        if (choices.TryGetValue(text, out var value))
            return value;
        Error(Join(path, key), $"'{text}' is not one of: {string.Join(", ", choices.Keys)}.");
        return null;
    }

    /// <summary>Text in several languages (<c>{en: ..., nb: ...}</c>), or one text for all.</summary>
    public LocalizedText Text(YamlMappingNode map, string key, string path, bool required = true)
    {
        var node = Node(map, key, path, required);
        switch (node)
        {
            case null:
                return LocalizedText.Empty;
            case YamlScalarNode { Value: { } single }:
                return new LocalizedText(Languages.Supported.ToDictionary(language => language, _ => single.Trim()));
            case YamlMappingNode languages:
                var values = new Dictionary<string, string>();
                foreach (var (k, v) in languages.Children)
                {
                    if (k is not YamlScalarNode { Value: { } language } || v is not YamlScalarNode { Value: { } text })
                        Error(Join(path, key), $"must map a language code ({LanguageList}) to a text.");
                    else if (!Languages.Supported.Contains(language))
                        // Typically an unquoted comma inside { en: ..., nb: ... } split a text in two.
                        Error(Join(path, key), $"'{language}' is not a language ({LanguageList}); put texts that contain a comma in quotes.");
                    else if (text.Trim().Length == 0)
                        Error(Join(path, key), $"the {language} text is empty.");
                    else
                        values[language] = text.Trim();
                }
                if (!values.ContainsKey(Languages.Default))
                    Error(Join(path, key), $"needs a text in {Languages.Default}, the default language.");
                return new LocalizedText(values);
            default:
                Error(Join(path, key), $"must be a text, or a mapping from language ({LanguageList}) to text.");
                return LocalizedText.Empty;
        }
    }

    public LocalizedList TextList(YamlMappingNode map, string key, string path)
    {
        var node = Node(map, key, path, required: false);
        if (node is not YamlMappingNode languages)
            return LocalizedList.Empty;
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (k, v) in languages.Children)
            if (k is YamlScalarNode { Value: { } language } && v is YamlSequenceNode items)
                values[language] = items.Children.OfType<YamlScalarNode>().Select(i => i.Value ?? "").ToList();
        return new LocalizedList(values);
    }

    /// <summary>A list of ids, written as a YAML list or a single id.</summary>
    public IReadOnlyList<string> Ids(YamlMappingNode map, string key, string path, bool required = false)
    {
        var node = Node(map, key, path, required);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode { Value: { } single }:
                return [single.Trim()];
            case YamlSequenceNode list:
                var ids = new List<string>();
                for (var i = 0; i < list.Children.Count; i++)
                {
                    lines[$"{Join(path, key)}[{i}]"] = (int)list.Children[i].Start.Line;
                    if (list.Children[i] is YamlScalarNode { Value: { } id })
                        ids.Add(id.Trim());
                    else
                        Error($"{Join(path, key)}[{i}]", "must be an id.");
                }
                return ids;
            default:
                Error(Join(path, key), "must be a list of ids.");
                return [];
        }
    }

    /// <summary>The items of a list of mappings, each with its path (<c>purposes[2]</c>).</summary>
    public IEnumerable<(YamlMappingNode Node, string Path)> Items(YamlMappingNode map, string key, bool required = true)
    {
        var node = Node(map, key, "", required);
        if (node is null)
            yield break;
        if (node is not YamlSequenceNode list)
        {
            Error(key, "must be a list.");
            yield break;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"{key}[{i}]";
            lines[path] = (int)list.Children[i].Start.Line;
            if (list.Children[i] is YamlMappingNode item)
                yield return (item, path);
            else
                Error(path, "must be a mapping of fields.");
        }
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
