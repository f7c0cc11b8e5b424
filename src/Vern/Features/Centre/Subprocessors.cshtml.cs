using Vern.Features.Model;

namespace Vern.Features.Centre;

internal sealed class SubprocessorsModel(ModelStore store) : CentrePageModel
{
    public CurrentModel Current { get; private set; } = null!;
    public IReadOnlyList<Recipient> Recipients { get; private set; } = [];

    public void OnGet()
    {
        UseRequestLanguage();
        Current = store.Current;
        Recipients = SubprocessorList.Of(Current.Model);
    }
}
