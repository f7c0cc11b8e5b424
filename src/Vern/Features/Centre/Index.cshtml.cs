using Vern.Features.Model;

namespace Vern.Features.Centre;

internal sealed class IndexModel(ModelStore store) : CentrePageModel
{
    public Controller Controller { get; private set; } = null!;
    /// <summary>Whether the company processes data for customers, whose users may ask who their controller is.</summary>
    public bool Processes { get; private set; }
    /// <summary>Whether the definition lets staff block people suspected of fraud, who may then contest it here.</summary>
    public bool Blocks { get; private set; }

    public void OnGet()
    {
        UseRequestLanguage();
        Controller = store.Current.Model.Controller;
        Processes = store.Current.Model.ProcessorActivities.Count > 0;
        Blocks = store.Current.Model.Purposes.Any(p => p.DpvPurpose == Vern.Features.Blocks.FraudBlocks.DpvPurpose);
    }
}
