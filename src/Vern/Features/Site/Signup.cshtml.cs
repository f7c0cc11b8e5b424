using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Vern.Features.Site;

/// <summary>The trial sign-up form. It only thanks the sender for now: nothing is stored or sent.</summary>
internal sealed class SignupModel : PageModel
{
    [BindProperty] public SignupForm Form { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet(string? plan) => Form.Plan = plan == "business" ? "business" : "team";

    public IActionResult OnPost()
    {
        if (!Form.AcceptTerms)
            ModelState.AddModelError("Form.AcceptTerms", "Accept the terms to start a trial.");
        Sent = ModelState.IsValid;
        return Page();
    }
}

internal sealed class SignupForm
{
    [Required, StringLength(200)] public string Name { get; set; } = "";
    [Required, EmailAddress, StringLength(320)] public string Email { get; set; } = "";
    [Required, StringLength(200)] public string Company { get; set; } = "";
    [Required, RegularExpression("team|business")] public string Plan { get; set; } = "team";
    public bool AcceptTerms { get; set; }
}
