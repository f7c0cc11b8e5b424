using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Rights.Access;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;

namespace Vern.Features.Rights.Admin;

/// <summary>
/// The reviewer's copy of a package that waits for approval. It is the person's data, so it opens
/// only with a reason, recorded as a view of the person (subject.viewed) like the People page's.
/// </summary>
[Authorize(Policy = StaffPolicies.HandleRequests)]
internal sealed class PackageModel(AppDb db, SubjectVault vault, TimeProvider time) : PageModel
{
    public const int MaxReason = 500;
    [BindProperty] public string? Reason { get; set; }
    public Guid Id { get; private set; }
    public string? Error { get; private set; }

    public void OnGet(Guid id) => Id = id;

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Id = id;
        var ct = HttpContext.RequestAborted;
        if (string.IsNullOrWhiteSpace(Reason))
        {
            Error = "Give a reason: it is recorded with the view.";
            return Page();
        }
        var request = await db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
            return NotFound();
        var package = await db.AccessPackages.AsNoTracking().Where(p => p.RequestId == id).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        var zip = package is null ? null : await AccessPackages.OpenAsync(vault, package, ct);
        if (zip is null)
        {
            Error = "There is no package to show: it was not built, or the person's data was erased.";
            return Page();
        }
        var reason = Reason.Trim();
        db.AuditEntries.Add(AuditEntry.Create(time, User.Identity!.Name!, "subject.viewed", request.SubjectId,
            reason.Length > MaxReason ? reason[..MaxReason] : reason, $"access package of {request.Type.ToWire()} {request.Id}", requestId: request.Id));
        await db.SaveChangesAsync(ct);
        Response.Headers[HeaderNames.CacheControl] = "no-store";
        return File(zip, "application/zip", $"review-{request.Id.ToString()[..8]}-{package!.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.zip");
    }
}
