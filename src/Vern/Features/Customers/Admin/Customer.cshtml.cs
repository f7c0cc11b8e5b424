using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Customers.Admin;

/// <summary>
/// One customer: its licence and instructions to change, and its privacy contacts, counted and added without showing
/// anyone's details (the account manager's view); the privacy officer opens them on the contacts page.
/// </summary>
internal sealed class CustomerModel(AppDb db, Customers customers, ModelStore models, TimeProvider time) : PageModel
{
    [BindProperty] public CustomerForm Form { get; set; } = new();
    [BindProperty] public ContactForm Contact { get; set; } = new();
    public Customer Customer { get; private set; } = null!;
    public CustomerState State { get; private set; }
    public int Contacts { get; private set; }
    public IReadOnlyList<Recipient> SubProcessors { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyDictionary<string, string[]> ContactErrors { get; private set; } = new Dictionary<string, string[]>();
    public string? Done { get; private set; }
    public IReadOnlyList<(string Id, string Name)> Activities => ProcessorActivityChoices.Of(models);

    public async Task<IActionResult> OnGetAsync(Guid id, bool created = false, bool contactAdded = false)
    {
        if (!await LoadAsync(id))
            return NotFound();
        Form = CustomerForm.From(Customer);
        Done = created ? "The customer was added. Add its privacy contacts below." : contactAdded ? "The contact was added." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id)
    {
        var (changed, errors) = customers.Read(Form.ToInput());
        if (changed is not null && !await customers.UpdateAsync(id, changed, User.Identity!.Name!, HttpContext.RequestAborted))
            return NotFound();
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

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted) is not { } customer)
            return false;
        Customer = customer;
        State = customer.StateOn(OsloCalendar.Today(time));
        Contacts = await db.CustomerContacts.CountAsync(c => c.CustomerId == id, HttpContext.RequestAborted);
        SubProcessors = customers.SubProcessorsOf(customer);
        return true;
    }
}

/// <summary>The add-a-contact form's fields.</summary>
internal sealed class ContactForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Title { get; set; }
}
