using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Features.Disclosures.Admin;

/// <summary>
/// The register of statutory disclosures, the latest first, with the gags whose review date has come at the top: from
/// that day the people concerned see the disclosure unless the privacy officer extends the gag.
/// </summary>
internal sealed class IndexModel(DisclosureRegister register) : PageModel
{
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Disclosure> Register { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> Persons { get; private set; } = new Dictionary<Guid, int>();

    public IReadOnlyList<Disclosure> ReviewDue => [.. Register.Where(d => d.ReviewDueOn(Today)).OrderBy(d => d.GagReviewOn)];

    public async Task OnGetAsync()
    {
        Today = register.Today;
        Register = await register.ListAsync(HttpContext.RequestAborted);
        Persons = await register.CountPersonsAsync(HttpContext.RequestAborted);
    }
}
