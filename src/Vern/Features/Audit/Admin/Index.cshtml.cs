using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Data;

namespace Vern.Features.Audit.Admin;

internal sealed class IndexModel(AppDb db, ChainCheckpoints checkpoints) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? SubjectId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? To { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public AuditVerification Verification { get; private set; } = null!;
    public Checkpoint? LastCheckpoint { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        LastCheckpoint = checkpoints.Latest(CheckpointedChain.Audit);
        Verification = await AuditChain.VerifyAsync(db, checkpoints.Read(CheckpointedChain.Audit), ct);
        Entries = await AuditQuery.Handle(db, new AuditFilter(SubjectId, Actor, Action, From, To), ct);
    }
}
