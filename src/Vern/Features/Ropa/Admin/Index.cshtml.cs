using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Model;

namespace Vern.Features.Ropa.Admin;

internal sealed class IndexModel(ModelStore store, TimeProvider time) : PageModel
{
    public RecordsOfProcessing Records { get; private set; } = null!;

    public void OnGet() => Records = RopaExport.Current(store, time);
}
