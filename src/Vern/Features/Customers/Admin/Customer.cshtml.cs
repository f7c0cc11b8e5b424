using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.Agreements;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Customers.Admin;

/// <summary>
/// One customer: its licence and instructions to change, and its privacy contacts, counted and added without showing
/// anyone's details (the account manager's view); the privacy officer opens them on the contacts page.
/// </summary>
internal sealed class CustomerModel(AppDb db, Customers customers, Agreements.Agreements agreements, Closure.LicenceClosures closures, ModelStore models, TimeProvider time) : PageModel
{
    [BindProperty] public CustomerForm Form { get; set; } = new();
    [BindProperty] public ContactForm Contact { get; set; } = new();
    public Customer Customer { get; private set; } = null!;
    public CustomerState State { get; private set; }
    public int Contacts { get; private set; }
    public IReadOnlyList<Recipient> SubProcessors { get; private set; } = [];
    public DpaStanding Standing { get; private set; } = null!;
    public IReadOnlyList<AcceptanceRow> Acceptances { get; private set; } = [];
    public IReadOnlyList<DpaInvitation> Invitations { get; private set; } = [];
    public string? DpaProblem { get; private set; }
    public Closure.LicenceClosure? Closure { get; private set; }
    public string? ClosureProblem { get; private set; }
    public DateTime Now => time.GetUtcNow().UtcDateTime;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyDictionary<string, string[]> ContactErrors { get; private set; } = new Dictionary<string, string[]>();
    public string? Done { get; private set; }
    public IReadOnlyList<(string Id, string Name)> Activities => ProcessorActivityChoices.Of(models);

    public async Task<IActionResult> OnGetAsync(Guid id, bool created = false, bool contactAdded = false, int sent = 0, bool asked = false, bool confirmed = false)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Form = CustomerForm.From(Customer);
        Done = created ? "The customer was added. Add its privacy contacts below." : contactAdded ? "The contact was added."
            : sent > 0 ? $"The agreement was sent to {sent} contact{(sent == 1 ? "" : "s")}."
            : asked ? "The product was asked again; its answer is below." : confirmed ? "The deletion was recorded and the certificate sent." : null;
        return Page();
    }

    /// <summary>Asks the product at once for the export or deletion the ended licence is waiting for.</summary>
    public async Task<IActionResult> OnPostRetryClosureAsync(Guid id) =>
        await closures.RetryAsync(id, User.Identity!.Name!, HttpContext.RequestAborted) ? Redirect($"/admin/customers/{id}?asked=true") : NotFound();

    /// <summary>A privacy officer records a deletion done without the product's connector; the certificate names their words.</summary>
    public async Task<IActionResult> OnPostConfirmDeletionAsync(Guid id, string? how)
    {
        if (!User.IsInRole(StaffRoles.PrivacyOfficer))
            return Forbid();
        if (!string.IsNullOrWhiteSpace(how))
            return await closures.ConfirmByHandAsync(id, how, User.Identity!.Name!, HttpContext.RequestAborted) ? Redirect($"/admin/customers/{id}?confirmed=true") : NotFound();
        if (!await LoadAsync(id))
            return NotFound();
        Form = CustomerForm.From(Customer);
        ClosureProblem = "Say how and when the data was deleted: the certificate names it.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>E-mails the current version of the agreement to each contact, with a link to accept it.</summary>
    public async Task<IActionResult> OnPostSendAgreementAsync(Guid id)
    {
        var (sent, problem) = await agreements.SendAsync(id, User.Identity!.Name!, HttpContext.RequestAborted);
        if (problem is null)
            return Redirect($"/admin/customers/{id}?sent={sent}");
        if (!await LoadAsync(id))
            return NotFound();
        Form = CustomerForm.From(Customer);
        DpaProblem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>An acceptance's signed receipt, which names the person who accepted: the privacy officer's, and audited.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(Guid id, Guid acceptance)
    {
        if (!User.IsInRole(StaffRoles.PrivacyOfficer))
            return Forbid();
        var receipt = await agreements.ReceiptAsync(id, acceptance, User.Identity!.Name!, HttpContext.RequestAborted);
        return receipt is null ? NotFound() : File(System.Text.Encoding.ASCII.GetBytes(receipt), "application/jose", $"dpa-receipt-{acceptance}.jws");
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id)
    {
        var (changed, errors) = customers.Read(Form.ToInput());
        if (changed is not null && !await customers.UpdateAsync(id, changed, User.Identity!.Name!, HttpContext.RequestAborted))
            return NotFound();
        if (changed is not null)
            await closures.CloseIfEndedAsync(id, User.Identity!.Name!, HttpContext.RequestAborted);
        if (!await LoadAsync(id))
            return NotFound();
        Errors = errors;
        if (changed is null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        else
            Done = "The customer was saved.";
        return Page();
    }

    public async Task<IActionResult> OnPostContactAsync(Guid id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var errors = await customers.AddContactAsync(id, new ContactInput(Contact.Name, Contact.Email, Contact.Title), User.Identity!.Name!, HttpContext.RequestAborted);
        if (errors.Count == 0)
            return Redirect($"/admin/customers/{id}?contactAdded=true");
        Form = CustomerForm.From(Customer);
        ContactErrors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The scan of a signed paper copy, which bears the signatory's signature: the privacy officer's, and audited.</summary>
    public async Task<IActionResult> OnGetPaperAsync(Guid id, Guid acceptance)
    {
        if (!User.IsInRole(StaffRoles.PrivacyOfficer))
            return Forbid();
        return await agreements.PaperAsync(id, acceptance, User.Identity!.Name!, HttpContext.RequestAborted) is { } paper
            ? File(paper.Scan, paper.Type, $"dpa-signed-{acceptance}{(paper.Type == "application/pdf" ? ".pdf" : paper.Type == "image/png" ? ".png" : ".jpg")}")
            : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted) is not { } customer)
            return false;
        Customer = customer;
        State = customer.StateOn(OsloCalendar.Today(time));
        Contacts = await db.CustomerContacts.CountAsync(c => c.CustomerId == id, HttpContext.RequestAborted);
        SubProcessors = customers.SubProcessorsOf(customer);
        Standing = (await DpaStandings.ReadAsync(db, HttpContext.RequestAborted, [id]))(id);
        Acceptances = await db.DpaAcceptances.AsNoTracking().Where(a => a.CustomerId == id).OrderByDescending(a => a.AcceptedAt)
            .Select(a => new AcceptanceRow(a.Id, a.VersionNumber, a.AcceptedAt, a.Method, a.RecordedBy, a.TextHash, a.Receipt != null, a.Paper != null))
            .ToListAsync(HttpContext.RequestAborted);
        Closure = await db.LicenceClosures.AsNoTracking().FirstOrDefaultAsync(c => c.CustomerId == id, HttpContext.RequestAborted);
        Invitations = await db.DpaInvitations.AsNoTracking().Where(i => i.CustomerId == id).OrderByDescending(i => i.SentAt).Take(20).ToListAsync(HttpContext.RequestAborted);
        return true;
    }
}

/// <summary>An acceptance as the customer's page lists it: the evidence's facts, and whether the receipt and a scan are still held.</summary>
internal sealed record AcceptanceRow(Guid Id, int VersionNumber, DateTime AcceptedAt, AcceptanceMethod Method, string? RecordedBy, byte[] TextHash, bool HasReceipt, bool HasPaper);

/// <summary>The add-a-contact form's fields.</summary>
internal sealed class ContactForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Title { get; set; }
}
