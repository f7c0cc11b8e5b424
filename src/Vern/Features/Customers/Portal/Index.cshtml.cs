using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Customers.Agreements;
using Vern.Features.Customers.Closure;
using Vern.Features.Customers.SubProcessors;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Portal;

/// <summary>One customer as its contact sees it in the portal: its agreement, the sub-processors its data passes through, and the changes announced.</summary>
internal sealed record PortalCustomer(Customer Customer, DpaStanding Agreement, IReadOnlyList<Recipient> SubProcessors, IReadOnlyList<SubProcessorChange> Coming,
    IReadOnlyList<OwnAcceptance> Receipts, IReadOnlyList<SubProcessorNotice> Objections, LicenceClosure? Closure);

/// <summary>An acceptance the signed-in contact made, whose receipt they may download.</summary>
internal sealed record OwnAcceptance(Guid Id, int Version, DateTime AcceptedAt);

/// <summary>The signed-in contact's customers, each with what concerns its data.</summary>
internal sealed class IndexModel(AppDb db, CustomerPortal portal, Customers customers, LicenceClosures closures, Subjects.SubjectVault vault, ModelStore models, TimeProvider time) : CentrePageModel
{
    public IReadOnlyList<PortalCustomer> Customers { get; private set; } = [];
    public PortalTexts Texts => Text<PortalTexts>.In(Lang);
    public PrivacyModel Definition => models.Current.Model;

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        Response.Headers.CacheControl = "no-store";
        var ct = HttpContext.RequestAborted;
        var subjectId = SubjectId;
        var receipts = await db.DpaAcceptances.AsNoTracking().Where(a => a.SubjectId == subjectId && a.Receipt != null).OrderBy(a => a.AcceptedAt)
            .Select(a => new { a.CustomerId, Row = new OwnAcceptance(a.Id, a.VersionNumber, a.AcceptedAt) }).ToListAsync(ct);
        var objections = await db.SubProcessorNotices.AsNoTracking().Where(n => n.SubjectId == subjectId && n.ObjectedAt != null).OrderBy(n => n.ObjectedAt).ToListAsync(ct);
        var mine = await portal.CustomersOfAsync(subjectId, ct);
        var ids = mine.Select(c => c.Id).ToList();
        var closed = await db.LicenceClosures.AsNoTracking().Where(c => ids.Contains(c.CustomerId)).ToDictionaryAsync(c => c.CustomerId, ct);
        var standing = await DpaStandings.ReadAsync(db, ct, [.. mine.Select(c => c.Id)]);
        var today = OsloCalendar.Today(time);
        var coming = await db.SubProcessorChanges.AsNoTracking().Where(c => c.EffectiveOn > today && c.Kind != SubProcessorChangeKind.Removed).ToListAsync(ct);
        Customers = [.. mine.Select(c => new PortalCustomer(c, standing(c.Id), customers.SubProcessorsOf(c),
            [.. coming.Where(change => c.Activities.Contains(change.ActivityId))],
            [.. receipts.Where(r => r.CustomerId == c.Id).Select(r => r.Row)], [.. objections.Where(o => o.CustomerId == c.Id)], closed.GetValueOrDefault(c.Id)))];
    }

    /// <summary>The receipt of an acceptance the signed-in contact made themselves, for a customer they are still a contact of.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(Guid acceptance)
    {
        var ct = HttpContext.RequestAborted;
        var subjectId = SubjectId;
        var mine = (await portal.CustomersOfAsync(subjectId, ct)).Select(c => c.Id).ToList();
        var row = await db.DpaAcceptances.AsNoTracking().Where(a => a.Id == acceptance && a.SubjectId == subjectId && mine.Contains(a.CustomerId))
            .Select(a => new { a.Receipt }).FirstOrDefaultAsync(ct);
        if (row?.Receipt is not { } sealedReceipt || await vault.OpenAsync(subjectId, nameof(DpaAcceptance.Receipt), sealedReceipt, ct) is not { } receipt)
            return NotFound();
        return File(System.Text.Encoding.ASCII.GetBytes(receipt), "application/jose", $"dpa-receipt-{acceptance}.jws");
    }

    /// <summary>The export of an ended licence's data, for a contact of that customer; each download is audited.</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid customer) =>
        await closures.ExportAsync(SubjectId, customer, HttpContext.RequestAborted) is { } export
            ? File(export, "application/json", $"export-{customer}.json")
            : NotFound();

    /// <summary>The signed deletion certificate of an ended licence, for a contact of that customer.</summary>
    public async Task<IActionResult> OnGetCertificateAsync(Guid customer) =>
        await closures.CertificateAsync(SubjectId, customer, HttpContext.RequestAborted) is { } certificate
            ? File(System.Text.Encoding.ASCII.GetBytes(certificate), "application/jose", $"deletion-certificate-{customer}.jws")
            : NotFound();

    /// <summary>A contact asks for the deletion of their organisation's data before the return period ends, saying they are sure.</summary>
    public async Task<IActionResult> OnPostDeleteNowAsync(Guid customer, bool sure)
    {
        if (!sure)
            return BadRequest(new ValidationProblemDetails(new Dictionary<string, string[]> { ["sure"] = [Text<ClosureTexts>.In(Lang).DeleteNowSure] }));
        return await closures.AskDeletionAsync(SubjectId, customer, HttpContext.RequestAborted) ? Redirect("/customers/portal") : NotFound();
    }

    private Guid SubjectId => Guid.Parse(User.FindFirst(CustomerPortal.SubjectClaim)!.Value);

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CustomerPortal.Scheme);
        return Redirect("/customers/signin");
    }
}
