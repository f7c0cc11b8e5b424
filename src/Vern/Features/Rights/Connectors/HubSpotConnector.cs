using System.Net;
using System.Text.Json;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// The contact record HubSpot (the CRM behind the site's forms) keeps about a person, found by e-mail
/// address through the CRM v3 contacts API.
/// </summary>
internal sealed class HubSpotConnector(HttpClient http, ILogger<HubSpotConnector> log) : IPersonalDataSource, IRectifiable, ILimitable
{
    public const string SourceName = "hubspot";
    private const string System = "HubSpot";

    /// <summary>The contact properties Vern's forms fill in, plus HubSpot's own dates: what the person would recognise.</summary>
    private static readonly string[] Properties = ["email", "firstname", "lastname", "phone", "company", "createdate", "lastmodifieddate"];

    public string Name => SourceName;


    public bool External => true;

    public IReadOnlyList<Type> Covers => [];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        if (subject.Email is null)
            return Empty(subject);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"crm/v3/objects/contacts/{Uri.EscapeDataString(subject.Email)}?idProperty=email&properties={string.Join(',', Properties)}");
        using var answer = await ConnectorHttp.SendAsync(http, request, System, ct);
        if (answer.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            log.Completed(Name, "export", subject.Id, "nothing-held", answer.StatusCode, answer.Attempts);
            return Empty(subject);
        }
        if (answer.Response is not { IsSuccessStatusCode: true } response)
        {
            log.Failed(Name, "export", subject.Id, answer);
            throw new SourceUnavailableException(Name, answer.Failure ?? ConnectorHttp.Answered(System, answer));
        }
        string?[] row;
        try
        {
            var contact = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var properties = contact.GetProperty("properties");
            row = [.. Properties.Select(p => properties.TryGetProperty(p, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            log.Failed(Name, "export", subject.Id, answer, e.GetType().Name);
            throw new SourceUnavailableException(Name, $"{System} answered {answer.StatusCode} with a contact Vern could not read");
        }
        log.Completed(Name, "export", subject.Id, "exported", answer.StatusCode, answer.Attempts);
        var t = Text<HubSpotTexts>.In(subject.Language);
        return new SourceExport(Name, t.Title, t.Origin, Portable: true, Properties, [row]);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<HubSpotTexts>.In(subject.Language);
        if (subject.Email is null)
            return new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NoAddress);
        // GDPR delete, not a plain delete: it also removes the contact's e-mails, calls and form
        // submissions, and blocks the address so an old form or import does not bring the contact back.
        using var request = new HttpRequestMessage(HttpMethod.Post, "crm/v3/objects/contacts/gdpr-delete")
        {
            Content = JsonContent.Create(new { objectId = subject.Email, idProperty = "email" }),
        };
        using var answer = await ConnectorHttp.SendAsync(http, request, System, ct);
        switch (answer.Response?.StatusCode)
        {
            case HttpStatusCode.NoContent or HttpStatusCode.OK:
                log.Completed(Name, "erase", subject.Id, ErasureOutcome.Erased, answer.StatusCode, answer.Attempts);
                return new SourceErasure(Name, ErasureOutcome.Erased, t.Erased);
            case HttpStatusCode.NotFound:
                log.Completed(Name, "erase", subject.Id, ErasureOutcome.NothingHeld, answer.StatusCode, answer.Attempts);
                return new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NoContact);
            default:
                log.Failed(Name, "erase", subject.Id, answer);
                return new SourceErasure(Name, ErasureOutcome.Failed, answer.Failure ?? ConnectorHttp.Answered(System, answer));
        }
    }

    public async Task<SourceRectification> RectifyAsync(DataSubject subject, PersonalDetails corrected, CancellationToken ct)
    {
        var t = Text<HubSpotTexts>.In(subject.Language);
        if (subject.Email is null)
            return new SourceRectification(Name, RectificationOutcome.NothingHeld, t.NoAddress);
        var properties = PropertiesOf(corrected);
        if (properties.Count == 0)
            return new SourceRectification(Name, RectificationOutcome.Rectified, t.NothingToCorrect);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"crm/v3/objects/contacts/{Uri.EscapeDataString(subject.Email)}?idProperty=email")
        {
            Content = JsonContent.Create(new { properties }),
        };
        using var answer = await ConnectorHttp.SendAsync(http, request, System, ct);
        switch (answer.Response?.StatusCode)
        {
            case HttpStatusCode.OK or HttpStatusCode.NoContent:
                log.Completed(Name, "rectify", subject.Id, RectificationOutcome.Rectified, answer.StatusCode, answer.Attempts);
                return new SourceRectification(Name, RectificationOutcome.Rectified, t.Corrected);
            case HttpStatusCode.NotFound:
                log.Completed(Name, "rectify", subject.Id, RectificationOutcome.NothingHeld, answer.StatusCode, answer.Attempts);
                return new SourceRectification(Name, RectificationOutcome.NothingHeld, t.NoContact);
            default:
                log.Failed(Name, "rectify", subject.Id, answer);
                return new SourceRectification(Name, RectificationOutcome.Failed, answer.Failure ?? ConnectorHttp.Answered(System, answer));
        }
    }

    /// <summary>
    /// An objection unsubscribes the address from every e-mail subscription (communication preferences
    /// v4, "unsubscribe all"), which HubSpot's own workflows and campaigns obey. HubSpot has no way to
    /// restrict a contact, so a restriction is left to staff as an Art. 19 task.
    /// </summary>
    public async Task<SourceLimit> LimitAsync(DataSubject subject, ProcessingLimit limit, CancellationToken ct)
    {
        var t = Text<HubSpotTexts>.In(subject.Language);
        if (limit == ProcessingLimit.Restriction)
            return new SourceLimit(Name, LimitOutcome.Unsupported, t.CannotRestrict);
        if (limit == ProcessingLimit.RestrictionLifted)
            return new SourceLimit(Name, LimitOutcome.Unsupported, t.CannotLift);
        if (subject.Email is null)
            return new SourceLimit(Name, LimitOutcome.NothingHeld, t.NoAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"communication-preferences/v4/statuses/{Uri.EscapeDataString(subject.Email)}/unsubscribe-all?channel=EMAIL");
        using var answer = await ConnectorHttp.SendAsync(http, request, System, ct);
        if (answer.Response is not { IsSuccessStatusCode: true })
        {
            log.Failed(Name, "object", subject.Id, answer);
            return new SourceLimit(Name, LimitOutcome.Failed, answer.Failure ?? ConnectorHttp.Answered(System, answer));
        }
        log.Completed(Name, "object", subject.Id, LimitOutcome.Done, answer.StatusCode, answer.Attempts);
        return new SourceLimit(Name, LimitOutcome.Done, t.Unsubscribed);
    }

    /// <summary>
    /// HubSpot keeps first and last name apart and Vern keeps one name: the last word is taken as the
    /// last name, which is right for most names and leaves a compound first name ("Anne Marie") whole.
    /// </summary>
    internal static Dictionary<string, string> PropertiesOf(PersonalDetails corrected)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (corrected.Email is { } email)
            properties["email"] = email;
        if (corrected.Name?.Trim() is { Length: > 0 } name)
        {
            var space = name.LastIndexOf(' ');
            properties["firstname"] = space < 0 ? name : name[..space].TrimEnd();
            properties["lastname"] = space < 0 ? "" : name[(space + 1)..];
        }
        if (corrected.Phone is { } phone)
            properties["phone"] = phone;
        if (corrected.Company is { } company)
            properties["company"] = company;
        return properties;
    }

    private SourceExport Empty(DataSubject subject)
    {
        var t = Text<HubSpotTexts>.In(subject.Language);
        return SourceExport.Empty(Name, t.Title, t.Origin, true, Properties);
    }
}
