using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Features.Site;

/// <summary>
/// Where the footer's newsletter form posts. A placeholder until double opt-in exists: it thanks the
/// visitor and keeps nothing.
/// </summary>
internal sealed class NewsletterModel : PageModel
{
    [BindProperty, Required, EmailAddress, StringLength(320)] public string Email { get; set; } = "";
    public bool Sent { get; private set; }

    public IActionResult OnPost()
    {
        Sent = ModelState.IsValid;
        return Page();
    }
}
