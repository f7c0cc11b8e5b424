using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Model;

namespace Vern.Features.Ropa.Admin;

internal sealed class IndexModel(ModelStore store, RopaCustomers customers, IAuthorizationService authorization, TimeProvider time) : PageModel
{
    public RecordsOfProcessing Records { get; private set; } = null!;

    public async Task OnGetAsync() =>
        Records = await RopaExport.CurrentAsync(store, customers, await RopaFeature.ContactsViewerAsync(authorization, User), time, HttpContext.RequestAborted);
}
