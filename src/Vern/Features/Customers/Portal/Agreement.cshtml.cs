using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Customers.Agreements;
using Vern.Features.Policies;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Portal;

/// <summary>A published version of the agreement as it was published, with its hash, for a signed-in contact to read.</summary>
internal sealed class AgreementModel(AppDb db) : CentrePageModel
{
    public DpaVersion Version { get; private set; } = null!;
    public PortalTexts Texts => Text<PortalTexts>.In(Lang);

    public async Task<IActionResult> OnGetAsync(int number)
    {
        UseRequestLanguage();
        if (await db.DpaVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Number == number && v.Status == PolicyStatus.Published, HttpContext.RequestAborted) is not { } version)
            return NotFound();
        Version = version;
        return Page();
    }
}
