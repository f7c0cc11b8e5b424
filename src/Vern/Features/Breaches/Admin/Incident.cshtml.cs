using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Model;
using Vern.Features.Staff;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches.Admin;

/// <summary>
/// One incident: what Art. 33(3) asks, the risk assessment, the notification to the authority and its follow-ups, and
/// the timeline of every step. Support and auditors read it; only the privacy officer changes it.
/// </summary>
internal sealed class IncidentModel(Incidents incidents, CustomerBreachNotices customerNotices, AffectedSystems systems, ModelStore models, TimeProvider time) : PageModel
{
    public Incident Incident { get; private set; } = null!;
    public IReadOnlyList<IncidentEvent> Timeline { get; private set; } = [];
    public PrivacyModel Definition => models.Current.Model;
    public DateTime Now { get; } = time.GetUtcNow().UtcDateTime;

    [BindProperty] public IncidentForm Form { get; set; } = new();
    [BindProperty] public IncidentRisk Risk { get; set; }
    [BindProperty] public string? Reasoning { get; set; }
    [BindProperty] public string? NotifiedAt { get; set; }
    [BindProperty] public string? How { get; set; }
    [BindProperty] public string? DelayReason { get; set; }
    [BindProperty] public string? FollowUp { get; set; }
    [BindProperty] public List<Guid> Customers { get; set; } = [];

    /// <summary>The customers whose data is held, to choose from, and those told so far.</summary>
    public IReadOnlyList<(Guid Id, string Organisation)> CustomerChoices { get; private set; } = [];
    public IReadOnlyList<(IncidentCustomerNotice Notice, string Organisation)> CustomerNotices { get; private set; } = [];
    public DateTime CustomerDeadline { get; private set; }
    public int CustomerHours => Definition.ProcessorTerms.BreachNotificationHours;

    /// <summary>The mistakes of the form that was posted, by field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>Which form the mistakes belong to.</summary>
    public string? Failed { get; private set; }
    public bool Saved { get; private set; }
    /// <summary>What filling from the affected systems did, when the officer asked for it.</summary>
    public string? Filled { get; private set; }

    public bool CanManage => User.IsInRole(StaffRoles.PrivacyOfficer);

    private static IncidentTexts T => Text<IncidentTexts>.In(Languages.Default);

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved)
    {
        Saved = saved;
        return await LoadAsync(id, fillForms: true) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostSaveAsync(Guid id) => ChangeAsync(id, "save", () =>
    {
        var (details, errors) = Form.Read(T.TimeInvalid, string.Format(System.Globalization.CultureInfo.InvariantCulture, T.CountOutOfRange, Incidents.MaxCount));
        return details is null ? Task.FromResult(errors) : incidents.UpdateAsync(id, details, Actor, HttpContext.RequestAborted);
    });

    /// <summary>
    /// Fills the fields the officer left empty from the systems ticked, without saving: the form comes back for them to
    /// check and save, keeping everything they had typed.
    /// </summary>
    public async Task<IActionResult> OnPostFillAsync(Guid id)
    {
        if (!CanManage)
            return Forbid();
        if (!await LoadAsync(id, fillForms: false))
            return NotFound();
        var chosen = Form.Systems;
        var errors = new Dictionary<string, string[]>();
        if (!chosen.Any)
            errors["systems"] = [T.SystemsRequired];
        else if (AffectedSystems.Unknown(chosen, Definition) is { } unknown)
            errors["systems"] = [string.Format(System.Globalization.CultureInfo.InvariantCulture, T.UnknownSystem, unknown)];
        if (errors.Count > 0)
        {
            Errors = errors;
            Failed = "save";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var filled = Form.Fill(await systems.SuggestAsync(chosen, HttpContext.RequestAborted), T);
        Filled = filled.Count == 0 ? T.NothingToFill : string.Format(System.Globalization.CultureInfo.InvariantCulture, T.FilledFrom, string.Join(", ", filled));
        ModelState.Clear();
        return Page();
    }

    public Task<IActionResult> OnPostAssessAsync(Guid id) => ChangeAsync(id, "assess", () => incidents.AssessAsync(id, Risk, Reasoning, Actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostNotifyAsync(Guid id) => ChangeAsync(id, "notify", () =>
    {
        var errors = new Dictionary<string, string[]>();
        var at = IncidentForm.Time(NotifiedAt, "notifiedAt", T.TimeInvalid, errors);
        return errors.Count > 0 ? Task.FromResult(errors) : incidents.RecordNoticeAsync(id, at, How, DelayReason, Actor, HttpContext.RequestAborted);
    });

    public Task<IActionResult> OnPostFollowUpAsync(Guid id) => ChangeAsync(id, "followUp", () => incidents.FollowUpAsync(id, FollowUp, Actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostNotifyCustomersAsync(Guid id) =>
        ChangeAsync(id, "customers", () => customerNotices.NotifyAsync(id, Customers, Actor, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostCloseAsync(Guid id) => ChangeAsync(id, "close", () => incidents.CloseAsync(id, Actor, HttpContext.RequestAborted));

    private string Actor => User.Identity!.Name!;

    private async Task<IActionResult> ChangeAsync(Guid id, string form, Func<Task<Dictionary<string, string[]>>> change)
    {
        if (!CanManage)
            return Forbid();
        if (await incidents.FindAsync(id, HttpContext.RequestAborted) is null)
            return NotFound();
        var errors = await change();
        if (errors.Count == 0)
            return Redirect($"/admin/incidents/{id}?saved=true");
        Errors = errors;
        Failed = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(id, fillForms: false);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, bool fillForms)
    {
        if (await incidents.FindAsync(id, HttpContext.RequestAborted) is not { } incident)
            return false;
        Incident = incident;
        Timeline = await incidents.TimelineAsync(id, HttpContext.RequestAborted);
        CustomerNotices = await customerNotices.SentAsync(id, HttpContext.RequestAborted);
        CustomerDeadline = customerNotices.DeadlineOf(incident);
        if (Definition.ProcessorActivities.Count > 0)
            CustomerChoices = await customerNotices.CandidatesAsync(HttpContext.RequestAborted);
        if (fillForms)
        {
            Form = IncidentForm.Of(incident);
            Risk = incident.Risk;
            Reasoning = incident.RiskReasoning;
            NotifiedAt = IncidentForm.Local(incident.AuthorityNotifiedAt ?? Now);
            How = incident.AuthorityNotifiedHow;
            DelayReason = incident.DelayReason;
        }
        return true;
    }

    public string? Error(string form, string field) =>
        Failed == form && Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
