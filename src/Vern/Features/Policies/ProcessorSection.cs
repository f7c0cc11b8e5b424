using System.Diagnostics.CodeAnalysis;

namespace Vern.Features.Policies;

/// <summary>The company as a data processing agreement names it: the same facts as <see cref="ControllerSection"/>, as the processor.</summary>
[SuppressMessage("Maintainability", "CA1515", Justification = "Razor components are public classes, so one derived from another must be public too.")]
public sealed class ProcessorSection : ControllerSection
{
    protected override string Intro => W.ProcessorIntro;
}
