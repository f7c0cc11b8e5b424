using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Disclosures.Admin;

/// <summary>
/// Recording a disclosure: the recipient from the definition, the statute and the order, the day, the categories and the
/// people by their e-mail addresses (found in the vault, kept by id), and a gag when the order forbids telling them.
/// </summary>
internal sealed class NewModel(DisclosureRegister register, ModelStore models) : PageModel
{
    public PrivacyModel Definition => models.Current.Model;

    [BindProperty] public string? RecipientId { get; set; }
    [BindProperty] public string? Statute { get; set; }
    [BindProperty] public string? OrderReference { get; set; }
    [BindProperty] public string? DisclosedOn { get; set; }
    [BindProperty] public string? DocumentReference { get; set; }
    [BindProperty] public List<string> Categories { get; set; } = [];
    [BindProperty] public string? Persons { get; set; }
    [BindProperty] public bool Gagged { get; set; }
    [BindProperty] public string? GagReviewOn { get; set; }
    [BindProperty] public string? GagReason { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet() => DisclosedOn = DisclosureRegister.Day(register.Today);

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var disclosedOn = Date(DisclosedOn, "disclosedOn", errors);
        var reviewOn = Date(GagReviewOn, "gagReviewOn", errors);
        var emails = (Persons ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var input = new DisclosureInput(RecipientId, Statute, OrderReference, disclosedOn, DocumentReference, Categories, emails, Gagged, reviewOn, GagReason);
        if (errors.Count == 0)
        {
            var (disclosure, refused) = await register.RecordAsync(input, User.Identity!.Name!, HttpContext.RequestAborted);
            if (disclosure is not null)
                return Redirect($"/admin/disclosures/{disclosure.Id}?recorded=true");
            errors = refused;
        }
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>A <c>date</c> input's value; a value that is not one is a mistake of its field, an empty one is left to the register.</summary>
    public static DateOnly? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        errors[field] = [Text<DisclosureTexts>.In(Languages.Default).DateInvalid];
        return null;
    }
}
