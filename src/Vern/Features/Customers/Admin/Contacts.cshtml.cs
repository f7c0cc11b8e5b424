using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;

namespace Vern.Features.Customers.Admin;

/// <summary>A customer's privacy contacts opened from the vault, for the privacy officer; every view is audited per person.</summary>
internal sealed class ContactsModel(AppDb db, Customers customers) : PageModel
{
    public Customer Customer { get; private set; } = null!;
    public IReadOnlyList<ContactView> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, HttpContext.RequestAborted) is not { } customer)
            return NotFound();
        Customer = customer;
        Contacts = await customers.ContactsAsync(id, User.Identity!.Name!, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid contact)
    {
        if (!await customers.RemoveContactAsync(id, contact, User.Identity!.Name!, HttpContext.RequestAborted))
            return NotFound();
        return Redirect($"/admin/customers/{id}/contacts");
    }
}
