using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent.Admin;

internal sealed class IndexModel(AppDb db, ModelStore models, ChainCheckpoints checkpoints, ReceiptKey key, TimeProvider time) : PageModel
{
    public const int Days = 30;

    [BindProperty(SupportsGet = true)] public bool Verify { get; set; }
    public IReadOnlyList<ConsentDay> Statistics { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Categories { get; private set; } = [];
    public LedgerVerification? Verification { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Categories = models.Current.Model.BannerCategories.Where(c => !c.Required).Select(c => (c.Id, c.Name[Languages.English])).ToList();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Statistics = await ConsentStatistics.Handle(db, Categories.Select(c => c.Id).ToList(), today.AddDays(1 - Days), today, ct);
        if (Verify)
            Verification = await ConsentChain.VerifyAsync(db, checkpoints.Read(CheckpointedChain.Consent), key, ct);
    }
}
