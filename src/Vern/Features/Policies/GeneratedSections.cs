using Vern.Features.Model;
using Vern.Infrastructure.Formats;
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
    // In the order the shipped policies use them.
    private static readonly (string Name, Type Component)[] Sections =
    [
        ("controller", typeof(ControllerSection)),
        ("purposes", typeof(PurposesSection)),
        ("data-collected", typeof(DataCollectedSection)),
        ("recipients", typeof(RecipientsSection)),
        ("transfers", typeof(TransfersSection)),
        ("cookies", typeof(CookieSection)),
        ("retention", typeof(RetentionSection)),
        ("rights", typeof(RightsSection)),
        ("complaint", typeof(ComplaintSection)),
        // What a data processing agreement states of the processor role.
        ("processor", typeof(ProcessorSection)),
        ("processing", typeof(ProcessingSection)),
        ("sub-processors", typeof(SubProcessorsSection)),
        ("security", typeof(SecuritySection)),
        ("processor-terms", typeof(ProcessorTermsSection)),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Sections.Select(s => s.Name)];

    /// <summary>One section in <c>en</c> or <c>nb</c>; Razor encodes every model value in it.</summary>
    public static Task<string> RenderAsync(PrivacyModel model, string section, string language)
    {
        ArgumentNullException.ThrowIfNull(model);
        var component = Array.Find(Sections, s => s.Name == section).Component
            ?? throw new ArgumentException($"'{section}' is not a generated section; use one of {string.Join(", ", Names)}.", nameof(section));
        return HtmlPages.RenderAsync(component, new Dictionary<string, object?> { ["Model"] = model, ["Words"] = Text<SectionWords>.In(language) });
    }
}
