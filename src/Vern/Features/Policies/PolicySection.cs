using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components;
using Vern.Features.Model;

namespace Vern.Features.Policies;

/// <summary>
/// A generated section as a Razor component: it states facts from the privacy model in the words of one language.
/// The model and the words are taken in <see cref="SetParametersAsync"/> rather than as [Parameter] properties:
/// components are public and their parameters must be, while the model is internal to Vern.
/// </summary>
[SuppressMessage("Maintainability", "CA1515", Justification = "Razor components are public classes, so their base class must be public too.")]
public abstract class PolicySection : ComponentBase
{
    internal PrivacyModel Model { get; private set; } = null!;
    internal SectionWords W { get; private set; } = null!;
    internal string Lang => W.Language;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        Model = parameters.GetValueOrDefault<PrivacyModel>(nameof(Model))
            ?? throw new InvalidOperationException("A generated section needs the privacy model.");
        W = parameters.GetValueOrDefault<SectionWords>("Words")
            ?? throw new InvalidOperationException("A generated section needs its words.");
        return base.SetParametersAsync(ParameterView.Empty);
    }

    internal static string Join(IEnumerable<string> items) => string.Join(", ", items);
}
