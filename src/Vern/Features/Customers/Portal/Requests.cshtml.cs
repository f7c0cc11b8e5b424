using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Customers.Requests;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Portal;

/// <summary>The contact forwards a request from one of their customer's users, and follows the requests of their customers.</summary>
internal sealed class RequestsModel(AppDb db, CustomerPortal portal, ForwardedRequests requests, CustomerApiKeys keys, ModelStore models) : CentrePageModel
{
    [BindProperty] public Guid CustomerId { get; set; }
    [BindProperty] public ForwardedKind? Kind { get; set; }
    [BindProperty] public string? EndUser { get; set; }
    [BindProperty] public string? Details { get; set; }
    [BindProperty] public string? KeyName { get; set; }
    public IReadOnlyList<CustomerApiKey> Keys { get; private set; } = [];
    /// <summary>A key just issued: shown on this answer alone, never again.</summary>
    public string? IssuedKey { get; private set; }
    public string? KeyError { get; private set; }
    public IReadOnlyList<Customer> Customers { get; private set; } = [];
    public IReadOnlyList<ForwardedRequest> Forwarded { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public bool Sent { get; private set; }
    public ForwardTexts Texts => Text<ForwardTexts>.In(Lang);
    public int DeadlineDays => models.Current.Model.ProcessorTerms.RequestDeadlineDays;

    public async Task OnGetAsync(bool sent = false)
    {
        UseRequestLanguage();
        Sent = sent;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        UseRequestLanguage();
        var (request, errors) = await requests.ForwardAsync(SubjectId, new ForwardInput(CustomerId, Kind, EndUser, Details), Lang, HttpContext.RequestAborted);
        if (request is not null)
            return Redirect("/customers/portal/requests?sent=true");
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    /// <summary>Issues an API key for one of the contact's customers and shows it once.</summary>
    public async Task<IActionResult> OnPostIssueKeyAsync()
    {
        UseRequestLanguage();
        IssuedKey = await keys.IssueAsync(SubjectId, CustomerId, KeyName, HttpContext.RequestAborted);
        if (IssuedKey is null)
        {
            KeyError = string.Format(System.Globalization.CultureInfo.InvariantCulture, Texts.KeyNameRequired, CustomerApiKeys.MaxName);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeKeyAsync(Guid key) =>
        await keys.RevokeAsync(SubjectId, key, HttpContext.RequestAborted) ? Redirect("/customers/portal/requests") : NotFound();

    /// <summary>An access request's result, handed over once to a contact of its customer.</summary>
    public async Task<IActionResult> OnGetResultAsync(Guid request) =>
        await requests.TakeResultAsync(SubjectId, request, HttpContext.RequestAborted) is { } result
            ? File(result, "application/json", $"access-{request}.json")
            : NotFound();

    private async Task LoadAsync()
    {
        Response.Headers.CacheControl = "no-store";
        Customers = await portal.CustomersOfAsync(SubjectId, HttpContext.RequestAborted, heldOnly: true);
        var ids = Customers.Select(c => c.Id).ToList();
        Forwarded = await db.ForwardedRequests.AsNoTracking().Where(r => ids.Contains(r.CustomerId)).OrderByDescending(r => r.ReceivedAt).Take(200).ToListAsync(HttpContext.RequestAborted);
        Keys = await db.CustomerApiKeys.AsNoTracking().Where(k => ids.Contains(k.CustomerId) && k.RevokedAt == null).OrderBy(k => k.CreatedAt).ToListAsync(HttpContext.RequestAborted);
    }

    private Guid SubjectId => Guid.Parse(User.FindFirst(CustomerPortal.SubjectClaim)!.Value);
}
