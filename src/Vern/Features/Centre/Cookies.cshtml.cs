using Vern.Features.Model;
using Vern.Features.Policies;

namespace Vern.Features.Centre;

internal sealed class CookiesModel(ModelStore store) : CentrePageModel
{
    public CurrentModel Current { get; private set; } = null!;

    /// <summary>The declaration itself comes from the generated section, so the policy and this page say the same.</summary>
    public string Declaration { get; private set; } = "";

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Current = store.Current;
        Declaration = await GeneratedSections.RenderAsync(Current.Model, "cookies", Lang);
    }
}
