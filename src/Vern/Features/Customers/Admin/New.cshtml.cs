using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Model;

namespace Vern.Features.Customers.Admin;

/// <summary>Adding a customer; its contacts are added on the customer's page.</summary>
internal sealed class NewModel(Customers customers, ModelStore models) : PageModel
{
    [BindProperty] public CustomerForm Form { get; set; } = new();
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<(string Id, string Name)> Activities => ProcessorActivityChoices.Of(models);

    public async Task<IActionResult> OnPostAsync()
    {
        var (customer, errors) = customers.Read(Form.ToInput());
        if (customer is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await customers.CreateAsync(customer, User.Identity!.Name!, HttpContext.RequestAborted);
        return Redirect($"/admin/customers/{customer.Id}?created=true");
    }
}
