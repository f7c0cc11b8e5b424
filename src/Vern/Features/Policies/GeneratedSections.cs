using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>
/// The parts of the privacy policy that are facts from the privacy model, as HTML fragments. The
/// published policy, the cookie page and anything else that states these facts render them from
/// here, so no page can say something the model does not. Headings start at h3 so a fragment fits
/// under the h2 of the document that includes it.
/// </summary>
internal static class GeneratedSections
{
    public static IReadOnlyList<string> Names { get; } =
        ["controller", "purposes", "data-collected", "recipients", "transfers", "cookies", "retention", "rights", "complaint"];

    /// <summary>One section in <c>en</c> or <c>nb</c>; every model value in it is HTML-encoded.</summary>
    public static string Render(PrivacyModel model, string section, string language)
    {
        ArgumentNullException.ThrowIfNull(model);
        var words = Text<SectionWords>.In(language);
        return section switch
        {
            "controller" => ContactSections.Controller(model, words),
            "purposes" => ProcessingSections.Purposes(model, words),
            "data-collected" => ProcessingSections.DataCollected(model, words),
            "recipients" => SharingSections.Recipients(model, words),
            "transfers" => SharingSections.Transfers(model, words),
            "cookies" => CookieSection.Render(model, words),
            "retention" => ProcessingSections.Retention(model, words),
            "rights" => ContactSections.Rights(words),
            "complaint" => ContactSections.Complaint(model, words),
            _ => throw new ArgumentException($"'{section}' is not a generated section; use one of {string.Join(", ", Names)}.", nameof(section)),
        };
    }
}
