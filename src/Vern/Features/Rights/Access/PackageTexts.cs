using Vern.Infrastructure.Texts;
namespace Vern.Features.Rights.Access;

/// <summary>
/// The access package's own wording (<c>Texts/{language}/PackageTexts.json</c>); everything about the processing
/// itself comes from the model and the policy's <see cref="Policies.SectionWords"/>, so the package
/// says what the privacy policy says.
/// </summary>
internal sealed class PackageTexts : ITexts
{

    public required string Title { get; init; }
    public required string PortabilityTitle { get; init; }
    public required string Intro { get; init; }
    public required string PortabilityIntro { get; init; }
    public required string Files { get; init; }
    public required string AboutYou { get; init; }
    public required string EmailAddress { get; init; }
    public required string VisitorIds { get; init; }
    public required string NoneKnown { get; init; }
    public required string YourData { get; init; }
    public required string NothingHeld { get; init; }
    public required string Records { get; init; }
    public required string WhoWeAre { get; init; }
    public required string Purposes { get; init; }
    public required string Categories { get; init; }
    public required string Recipients { get; init; }
    public required string Transfers { get; init; }
    public required string Retention { get; init; }
    public required string Sources { get; init; }
    public required string SourcesCaption { get; init; }
    public required string SourceColumn { get; init; }
    public required string Automated { get; init; }
    public required string AutomatedNone { get; init; }
    public required string AutomatedUsed { get; init; }
    public required string Rights { get; init; }
    public required string HowToUse { get; init; }
    public required string Complaint { get; init; }
}
