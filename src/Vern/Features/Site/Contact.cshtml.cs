using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Site;

/// <summary>
/// The contact form. It records the sender through the same use case as the submissions API, as a
/// customer's own backend would, so a fresh install has someone whose rights can be exercised.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
[Blocks.RefusesBlocked]
internal sealed class ContactModel(AppDb db, SubjectVault vault, ProcessingGate gate, ModelStore modelStore, VisitorIds visitorIds, TimeProvider time) : SiteFormPage(modelStore, visitorIds)
{
    public const string Form = "contact";
    public const string Purpose = "customer-relationship";

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Company { get; set; }
    [BindProperty] public string? Message { get; set; }

    protected override IReadOnlyList<string> Fields { get; } = ["name", "email", "company", "message"];

    public async Task<IActionResult> OnPostAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var input = new SubmissionInput(Form, Purpose, Email, Name, Company: Company, Message: Message, VisitorId: VisitorId());
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name))
            errors["name"] = ["Enter your name."];
        if (string.IsNullOrWhiteSpace(Message))
            errors["message"] = ["Write your message."];
        foreach (var (field, messages) in RecordSubmission.Validate(input, Models.Current.Model, VisitorIds))
            errors.TryAdd(field, messages);
        if (errors.Count == 0)
        {
            var result = await RecordSubmission.Handle(db, vault, gate, Models, VisitorIds, time, input, started, HttpContext.RequestAborted);
            errors = new(result.Errors);
        }
        Errors = errors;
        Sent = errors.Count == 0;
        return Page();
    }
}
