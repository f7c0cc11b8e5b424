using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.Agreements;
using Vern.Features.Policies;

namespace Vern.Features.Customers.Admin;

/// <summary>
/// A customer's privacy contacts opened from the vault, for the privacy officer; every view is audited per person. Here
/// too a signed paper copy of the agreement is recorded, since it names who signed.
/// </summary>
[RequestSizeLimit(Agreements.Agreements.MaxPaperBytes + 64 * 1024)]
internal sealed class ContactsModel(AppDb db, Customers customers, Agreements.Agreements agreements, TimeProvider time) : PageModel
{
    public Customer Customer { get; private set; } = null!;
    public IReadOnlyList<ContactView> Contacts { get; private set; } = [];
    public IReadOnlyList<int> Versions { get; private set; } = [];
    [BindProperty] public PaperForm Paper { get; set; } = new();
    public IReadOnlyDictionary<string, string[]> PaperErrors { get; private set; } = new Dictionary<string, string[]>();
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool recorded = false)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Done = recorded ? "The signed paper copy was recorded." : null;
        Paper.SignedOn = Infrastructure.Hosting.OsloCalendar.Today(time).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid contact)
    {
        if (!await customers.RemoveContactAsync(id, contact, User.Identity!.Name!, HttpContext.RequestAborted))
            return NotFound();
        return Redirect($"/admin/customers/{id}/contacts");
    }

    public async Task<IActionResult> OnPostPaperAsync(Guid id)
    {
        using var scan = new MemoryStream();
        if (Paper.Scan is { } upload)
            await upload.CopyToAsync(scan, HttpContext.RequestAborted);
        var signedOn = DateOnly.TryParseExact(Paper.SignedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) ? date : (DateOnly?)null;
        var errors = await agreements.RecordPaperAsync(id, new PaperCopy(Paper.Contact, Paper.Version, signedOn, scan.ToArray()), User.Identity!.Name!, HttpContext.RequestAborted);
        if (errors.Count == 0)
            return Redirect($"/admin/customers/{id}/contacts?recorded=true");
        if (!await LoadAsync(id))
            return NotFound();
        PaperErrors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted) is not { } customer)
            return false;
        Customer = customer;
        Contacts = await customers.ContactsAsync(id, User.Identity!.Name!, HttpContext.RequestAborted);
        Versions = await db.DpaVersions.AsNoTracking().Where(v => v.Status == PolicyStatus.Published).OrderByDescending(v => v.Number).Select(v => v.Number).ToListAsync(HttpContext.RequestAborted);
        return true;
    }
}

/// <summary>The signed-paper-copy form's fields.</summary>
internal sealed class PaperForm
{
    public Guid Contact { get; set; }
    public int Version { get; set; }
    public string? SignedOn { get; set; }
    public IFormFile? Scan { get; set; }
}
