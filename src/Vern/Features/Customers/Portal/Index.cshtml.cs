using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Customers.Agreements;
using Vern.Features.Customers.SubProcessors;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Portal;

/// <summary>One customer as its contact sees it in the portal: its agreement, the sub-processors its data passes through, and the changes announced.</summary>
internal sealed record PortalCustomer(Customer Customer, DpaStanding Agreement, IReadOnlyList<Recipient> SubProcessors, IReadOnlyList<SubProcessorChange> Coming);

/// <summary>The signed-in contact's customers, each with what concerns its data.</summary>
internal sealed class IndexModel(AppDb db, CustomerPortal portal, Customers customers, ModelStore models, TimeProvider time) : CentrePageModel
{
    public IReadOnlyList<PortalCustomer> Customers { get; private set; } = [];
    public PortalTexts Texts => Text<PortalTexts>.In(Lang);
    public PrivacyModel Definition => models.Current.Model;

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Response.Headers.CacheControl = "no-store";
        var ct = HttpContext.RequestAborted;
        var subjectId = Guid.Parse(User.FindFirst(CustomerPortal.SubjectClaim)!.Value);
        var standing = await DpaStandings.ReadAsync(db, ct);
        var today = OsloCalendar.Today(time);
        var coming = await db.SubProcessorChanges.AsNoTracking().Where(c => c.EffectiveOn > today && c.Kind != SubProcessorChangeKind.Removed).ToListAsync(ct);
        Customers = [.. (await portal.CustomersOfAsync(subjectId, ct)).Select(c => new PortalCustomer(c, standing(c.Id), customers.SubProcessorsOf(c),
            [.. coming.Where(change => c.Activities.Contains(change.ActivityId))]))];
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CustomerPortal.Scheme);
        return Redirect("/customers/signin");
    }
}
