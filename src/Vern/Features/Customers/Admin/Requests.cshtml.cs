using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.Requests;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Customers.Admin;

/// <summary>A forwarded request as the console lists it: whose, what, when due, and where it stands; never the end user.</summary>
internal sealed record ForwardedRow(Guid Id, string Organisation, ForwardedKind Kind, DateTime ReceivedAt, DateOnly DueOn, ForwardedStatus Status, int Attempts, string? Note, DateTime? AnsweredAt);

/// <summary>
/// Requests customers forwarded, by due date: open ones first with what went wrong, to try the product again or record an
/// answer given by hand. No end user's identifier is shown here: the product is asked, not staff.
/// </summary>
internal sealed class RequestsModel(AppDb db, ForwardedRequests requests, TimeProvider time) : PageModel
{
    public IReadOnlyList<ForwardedRow> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done = null)
    {
        Today = OsloCalendar.Today(time);
        Done = done switch { "retried" => "The product was asked again.", "answered" => "The answer was recorded and the customer told.", _ => null };
        Rows = await (from r in db.ForwardedRequests.AsNoTracking()
                      join c in db.Customers on r.CustomerId equals c.Id
                      orderby r.Status == ForwardedStatus.Open descending, r.DueOn
                      select new ForwardedRow(r.Id, c.Organisation, r.Kind, r.ReceivedAt, r.DueOn, r.Status, r.Attempts, r.Note, r.AnsweredAt)).Take(500).ToListAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid request) =>
        await requests.RetryAsync(request, User.Identity!.Name!, HttpContext.RequestAborted) ? Redirect("/admin/customers/requests?done=retried") : NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(Guid request, string? outcome) =>
        await requests.AnswerByHandAsync(request, outcome, User.Identity!.Name!, HttpContext.RequestAborted) ? Redirect("/admin/customers/requests?done=answered") : NotFound();
}
