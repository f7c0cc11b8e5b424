using System.Globalization;
using System.Text.RegularExpressions;
using Vern.Infrastructure.Texts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vern.Features.Policies;

/// <summary>
/// A policy as static-site generators (Hugo, Jekyll, Eleventy) write it: YAML front matter between
/// <c>---</c> lines (<c>title</c>, <c>description</c>, <c>date</c>, <c>url</c>, optionally <c>lang</c>),
/// then the Markdown body.
/// </summary>
internal sealed partial record PolicyDocument(string Title, string? Description, DateOnly? Date, string? Url, string? Language, string Body)
{
    public static PolicyDocument Parse(string text, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        var match = FrontMatter().Match(text);
        if (!match.Success)
        {
            // Without front matter, the first level-one heading is the title.
            var heading = FirstHeading().Match(text);
            if (!heading.Success)
                problems.Add("The document has neither front matter with a title nor a '# Title' heading.");
            return new PolicyDocument(heading.Success ? heading.Groups[1].Value.Trim() : "", null, null, null, null, text.Trim());
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(match.Groups[1].Value));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map)
                foreach (var (key, value) in map.Children)
                    if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode { Value: { } v })
                        fields[k] = v.Trim();
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            problems.Add($"The front matter is not valid YAML: {e.Message}");
        }

        var body = text[match.Length..].Trim();
        fields.TryGetValue("title", out var title);
        if (string.IsNullOrWhiteSpace(title))
            problems.Add("The front matter has no title.");
        DateOnly? date = null;
        if (fields.TryGetValue("date", out var dateText) && dateText.Length >= 10)
        {
            if (DateOnly.TryParseExact(dateText[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                date = parsed;
            else
                problems.Add($"The front matter date '{dateText}' is not a date (YYYY-MM-DD).");
        }
        fields.TryGetValue("description", out var description);
        fields.TryGetValue("url", out var url);
        fields.TryGetValue("lang", out var language);
        return new PolicyDocument(title ?? "", description, date, url, language, body);
    }

    /// <summary>
    /// The language the document becomes a draft in (<paramref name="asked"/>, else its front matter's, else the default),
    /// and what keeps it from being one there: a language Vern does not speak, no text, a title too long, or a
    /// <c>{{vern:…}}</c> line that names no generated section.
    /// </summary>
    public (string Language, IReadOnlyList<string> Problems) CheckAsDraft(string? asked)
    {
        var named = (asked ?? Language ?? Languages.Default).Trim();
        var language = Languages.Match(named) ?? named;
        var problems = new List<string>();
        if (!Languages.Supported.Contains(language))
            problems.Add($"The language '{language}' is not one of: {string.Join(", ", Languages.Supported)}.");
        if (Body.Length == 0)
            problems.Add("The document has no text.");
        if (Title.Length > 200)
            problems.Add("The title is longer than 200 characters.");
        problems.AddRange(PolicyRenderer.UnknownSections(Body).Select(s => $"'{{{{vern:{s}}}}}' is not a generated section; use one of: {string.Join(", ", GeneratedSections.Names)}."));
        return (language, problems);
    }

    [GeneratedRegex(@"\A---[ \t]*\n(.*?)\n---[ \t]*(\n|\z)", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"^#[ \t]+(.+)$", RegexOptions.Multiline)]
    private static partial Regex FirstHeading();
}
