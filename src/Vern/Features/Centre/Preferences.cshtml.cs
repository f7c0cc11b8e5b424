namespace Vern.Features.Centre;

internal sealed class PreferencesModel : CentrePageModel
{
    public void OnGet() => UseRequestLanguage();
}
