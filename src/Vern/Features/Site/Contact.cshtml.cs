using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Features.Site;

/// <summary>The contact form. It only thanks the sender for now: nothing is stored or sent.</summary>
internal sealed class ContactModel : PageModel
{
    [BindProperty] public ContactForm Form { get; set; } = new();
    public bool Sent { get; private set; }

    public IActionResult OnPost()
    {
        Sent = ModelState.IsValid;
        return Page();
    }
}

internal sealed class ContactForm
{
    [Required, StringLength(200)] public string Name { get; set; } = "";
    [Required, EmailAddress, StringLength(320)] public string Email { get; set; } = "";
    [StringLength(200)] public string? Company { get; set; }
    [Required, StringLength(4000)] public string Message { get; set; } = "";
}
