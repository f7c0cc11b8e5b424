namespace Vern.Features.Policies.Centre;

/// <summary>The few fixed words of the public policy pages, in each language they speak.</summary>
internal static class PolicyTexts
{
    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new()
    {
        ["en"] = new()
        {
            ["version"] = "Version {0}, in effect since {1}.",
            ["history"] = "Earlier versions and what changed",
            ["versions"] = "Versions of the privacy policy",
            ["published"] = "In effect since",
            ["significant"] = "Significant change",
            ["changes"] = "What changed from version {0}",
            ["first"] = "This is the first published version.",
            ["none"] = "No privacy policy has been published yet.",
            ["current"] = "Read the version in effect",
            ["summary"] = "Summary of the change",
            ["added"] = "Added",
            ["removed"] = "Removed",
            ["number"] = "Version",
            ["title"] = "Title",
        },
        ["nb"] = new()
        {
            ["version"] = "Versjon {0}, gjeldende fra {1}.",
            ["history"] = "Tidligere versjoner og hva som er endret",
            ["versions"] = "Versjoner av personvernerklæringen",
            ["published"] = "Gjeldende fra",
            ["significant"] = "Vesentlig endring",
            ["changes"] = "Endringer fra versjon {0}",
            ["first"] = "Dette er den første publiserte versjonen.",
            ["none"] = "Ingen personvernerklæring er publisert ennå.",
            ["current"] = "Les gjeldende versjon",
            ["summary"] = "Sammendrag av endringen",
            ["added"] = "Lagt til",
            ["removed"] = "Fjernet",
            ["number"] = "Versjon",
            ["title"] = "Tittel",
        },
    };

    public static string Get(string language, string key) => Texts.GetValueOrDefault(language, Texts["en"])[key];
}
