using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Customers.Requests;
using Vern.Features.Model;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Portal;

/// <summary>The contact forwards a request from one of their customer's users, and follows the requests of their customers.</summary>
internal sealed class RequestsModel(AppDb db, CustomerPortal portal, ForwardedRequests requests, ModelStore models) : CentrePageModel
{
    [BindProperty] public Guid CustomerId { get; set; }
    [BindProperty] public ForwardedKind? Kind { get; set; }
    [BindProperty] public string? EndUser { get; set; }
    [BindProperty] public string? Details { get; set; }
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
    }

    private Guid SubjectId => Guid.Parse(User.FindFirst(CustomerPortal.SubjectClaim)!.Value);
}
