using Vern.Features.Model;

namespace Vern.Features.Centre;

internal sealed class IndexModel(ModelStore store) : CentrePageModel
{
    public Controller Controller { get; private set; } = null!;

    public void OnGet()
    {
        UseRequestLanguage();
        Controller = store.Current.Model.Controller;
    }
}
