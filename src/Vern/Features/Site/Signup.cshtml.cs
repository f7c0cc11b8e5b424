using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Site;

/// <summary>
/// The trial sign-up form. It records the person through the same use case as the submissions API,
/// and, only if they tick the box, a second submission for the newsletter purpose.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
[Blocks.RefusesBlocked]
internal sealed class SignupModel(AppDb db, SubjectVault vault, ProcessingGate gate, ModelStore modelStore, VisitorIds visitorIds, Subscriptions subscriptions, TimeProvider time)
    : SiteFormPage(modelStore, visitorIds)
{
    public const string Form = "signup";
    public const string Purpose = "customer-relationship";
    public const string NewsPurpose = "newsletter";

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Company { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Plan { get; set; } = "team";
    [BindProperty] public bool AcceptTerms { get; set; }
    [BindProperty] public bool News { get; set; }
    [BindProperty] public bool KeepLonger { get; set; }

    /// <summary>The product-news box is offered only when the privacy model has a purpose to collect it for.</summary>
    public bool OffersNews => PurposeOf(NewsPurpose) is not null;

    /// <summary>The rule the news is kept under, when the person may agree to have it kept longer (ADR 35).</summary>
    public RetentionRule? NewsKeptLongerUnder =>
        PurposeOf(NewsPurpose) is { } news && Models.Current.Model.RetentionRule(news.Retention) is { KeepLonger: not null } rule ? rule : null;

    protected override IReadOnlyList<string> Fields { get; } = ["name", "email", "company", "phone", "plan", "acceptTerms"];

    public void OnGet(string? plan) => Plan = plan == "business" ? "business" : "team";

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var started = Stopwatch.GetTimestamp();
        var visitorId = VisitorId();
        var input = new SubmissionInput(Form, Purpose, Email, Name, Phone, Company, $"Free trial of the {(Plan == "business" ? "Business" : "Team")} plan.", visitorId);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name))
            errors["name"] = ["Enter your name."];
        if (string.IsNullOrWhiteSpace(Company))
            errors["company"] = ["Enter your company's name."];
        if (Plan is not ("team" or "business"))
            errors["plan"] = ["Choose the Team or the Business plan."];
        if (!AcceptTerms)
            errors["acceptTerms"] = ["Accept the terms to start a trial."];
        foreach (var (field, messages) in RecordSubmission.Validate(input, Models.Current.Model, VisitorIds))
            errors.TryAdd(field, messages);
        if (errors.Count == 0)
        {
            var result = await RecordSubmission.Handle(db, vault, gate, Models, VisitorIds, time, input, started, ct);
            errors = new(result.Errors);
            // A separate submission, so the newsletter's purpose and its consent stand on their own and
            // can be withdrawn without touching the trial.
            if (errors.Count == 0 && News && OffersNews)
            {
                await RecordSubmission.Handle(db, vault, gate, Models, VisitorIds, time, new SubmissionInput(Form, NewsPurpose, Email, VisitorId: visitorId,
                    KeepLonger: KeepLonger && NewsKeptLongerUnder is { } rule ? [rule.Id] : null), started, ct);
                // The news itself is sent only once the person confirms from the e-mail: the newsletter's double opt-in.
                var subscription = new SubscriptionInput(Email, Languages.Default, visitorId);
                if (subscriptions.Validate(subscription).Count == 0)
                    await subscriptions.SubscribeAsync(subscription, started, ct);
            }
        }
        Errors = errors;
        Sent = errors.Count == 0;
        return Page();
    }
}
