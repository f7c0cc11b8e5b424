using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// The customer's own systems, reached through one HTTPS endpoint they write: Vern posts a signed
/// event (export, erase, rectify, restrict, unrestrict, object) and the endpoint answers with the data or with what it did.
/// </summary>
internal sealed class WebhookConnector(HttpClient http, WebhookConnector.Settings settings, TimeProvider time, ILogger<WebhookConnector> log)
    : IPersonalDataSource, IRectifiable, ILimitable
{
    public const string SignatureHeader = "Vern-Signature";
    public const string TimestampHeader = "Vern-Timestamp";

    /// <summary>Longer texts from the endpoint are cut: they are shown to the person and stored per source.</summary>
    private const int MaxDetailLength = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal sealed record Settings(string Name, byte[] Secret);

    public string Name => settings.Name;


    public bool External => true;

    public IReadOnlyList<Type> Covers => [];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        using var request = Event("export", subject, null);
        using var answer = await ConnectorHttp.SendAsync(http, request, Name, ct);
        if (answer.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            log.Completed(Name, "export", subject.Id, "nothing-held", answer.StatusCode, answer.Attempts);
            return SourceExport.Empty(Name, Said(subject).Title, Said(subject).Origin, false);
        }
        if (answer.Response is not { StatusCode: HttpStatusCode.OK } response)
        {
            log.Failed(Name, "export", subject.Id, answer);
            throw new SourceUnavailableException(Name, answer.Failure ?? ConnectorHttp.Answered(Name, answer));
        }
        var export = await ReadAsync<ExportAnswer>(response, ct);
        if (export is not { Title: { Length: > 0 } title, Columns: { Count: > 0 } columns, Rows: { } rows }
            || columns.Any(string.IsNullOrWhiteSpace)
            || rows.Any(row => row is null || row.Count != columns.Count))
        {
            log.Failed(Name, "export", subject.Id, answer, "malformed answer");
            throw new SourceUnavailableException(Name, $"{Name} answered {answer.StatusCode} with an export Vern could not read (it needs a title, columns and rows as wide as the columns)");
        }
        log.Completed(Name, "export", subject.Id, "exported", answer.StatusCode, answer.Attempts);
        return new SourceExport(Name, title, export.Origin ?? Said(subject).Origin, export.Portable ?? false, columns,
            [.. rows.Select(row => (IReadOnlyList<string?>)row!)]);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        using var request = Event("erase", subject, null);
        using var answer = await ConnectorHttp.SendAsync(http, request, Name, ct);
        if (answer.Response is not { IsSuccessStatusCode: true } response)
        {
            log.Failed(Name, "erase", subject.Id, answer);
            return new SourceErasure(Name, ErasureOutcome.Failed, answer.Failure ?? ConnectorHttp.Answered(Name, answer));
        }
        var outcome = await ReadAsync<OutcomeAnswer>(response, ct);
        DateOnly? keptUntil = null;
        if (!WireNames.TryParse<ErasureOutcome>(outcome?.Outcome, out var erased) || erased == ErasureOutcome.Failed
            || (outcome!.KeptUntil is { } until && !TryParseDate(until, out keptUntil)))
        {
            log.Failed(Name, "erase", subject.Id, answer, "malformed answer");
            return new SourceErasure(Name, ErasureOutcome.Failed,
                ConnectorHttp.Unreadable(Name, answer, ErasureOutcome.Erased, ErasureOutcome.Kept, ErasureOutcome.NothingHeld));
        }
        log.Completed(Name, "erase", subject.Id, erased, answer.StatusCode, answer.Attempts);
        return new SourceErasure(Name, erased, DetailOf(outcome, erased.ToWire()), keptUntil);
    }

    public async Task<SourceRectification> RectifyAsync(DataSubject subject, PersonalDetails corrected, CancellationToken ct)
    {
        using var request = Event("rectify", subject, corrected);
        using var answer = await ConnectorHttp.SendAsync(http, request, Name, ct);
        if (answer.Response is not { IsSuccessStatusCode: true } response)
        {
            log.Failed(Name, "rectify", subject.Id, answer);
            return new SourceRectification(Name, RectificationOutcome.Failed, answer.Failure ?? ConnectorHttp.Answered(Name, answer));
        }
        var outcome = await ReadAsync<OutcomeAnswer>(response, ct);
        if (!WireNames.TryParse<RectificationOutcome>(outcome?.Outcome, out var rectified) || rectified == RectificationOutcome.Failed)
        {
            log.Failed(Name, "rectify", subject.Id, answer, "malformed answer");
            return new SourceRectification(Name, RectificationOutcome.Failed,
                ConnectorHttp.Unreadable(Name, answer, RectificationOutcome.Rectified, RectificationOutcome.NothingHeld));
        }
        log.Completed(Name, "rectify", subject.Id, rectified, answer.StatusCode, answer.Attempts);
        return new SourceRectification(Name, rectified, DetailOf(outcome!, rectified.ToWire()));
    }

    /// <summary>
    /// <c>restrict</c> (Art. 18: keep the data, stop everything else), <c>unrestrict</c> (the restriction is
    /// lifted) or <c>object</c> (Art. 21(3): no more direct marketing); the endpoint answers <c>done</c> or
    /// <c>nothing-held</c>.
    /// </summary>
    public async Task<SourceLimit> LimitAsync(DataSubject subject, ProcessingLimit limit, CancellationToken ct)
    {
        var kind = limit switch
        {
            ProcessingLimit.Restriction => "restrict",
            ProcessingLimit.RestrictionLifted => "unrestrict",
            _ => "object",
        };
        using var request = Event(kind, subject, null);
        using var answer = await ConnectorHttp.SendAsync(http, request, Name, ct);
        if (answer.Response is not { IsSuccessStatusCode: true } response)
        {
            log.Failed(Name, kind, subject.Id, answer);
            return new SourceLimit(Name, LimitOutcome.Failed, answer.Failure ?? ConnectorHttp.Answered(Name, answer));
        }
        var outcome = await ReadAsync<OutcomeAnswer>(response, ct);
        if (!WireNames.TryParse<LimitOutcome>(outcome?.Outcome, out var limited) || limited is not (LimitOutcome.Done or LimitOutcome.NothingHeld))
        {
            log.Failed(Name, kind, subject.Id, answer, "malformed answer");
            return new SourceLimit(Name, LimitOutcome.Failed, ConnectorHttp.Unreadable(Name, answer, LimitOutcome.Done, LimitOutcome.NothingHeld));
        }
        log.Completed(Name, kind, subject.Id, limited, answer.StatusCode, answer.Attempts);
        return new SourceLimit(Name, limited, DetailOf(outcome!, limited.ToWire()));
    }

    /// <summary>
    /// The signed event. The timestamp is in the body as well as the header so the signature covers
    /// it: a receiver that refuses old timestamps cannot be fooled by a replayed request.
    /// </summary>
    private HttpRequestMessage Event(string kind, DataSubject subject, PersonalDetails? corrections)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var body = JsonSerializer.SerializeToUtf8Bytes(new EventBody(
            kind, subject.Id, subject.Email, subject.VisitorIds, timestamp,
            corrections is null ? null : new Corrections(corrections.Email, corrections.Name, corrections.Phone, corrections.Company)), Json);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = content };
        request.Headers.Add(SignatureHeader, Sign(settings.Secret, body));
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    /// <summary>The value of <see cref="SignatureHeader"/>: what a receiver recomputes with the shared secret.</summary>
    public static string Sign(byte[] secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool TryParseDate(string text, out DateOnly? date)
    {
        var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
        date = ok ? parsed : null;
        return ok;
    }

    /// <summary>The system's title and origin in the person's language, for when it gives none.</summary>
    private WebhookTexts Said(DataSubject subject)
    {
        var t = Text<WebhookTexts>.In(subject.Language);
        return new(RequestWords.Format(t.Title, Name), RequestWords.Format(t.Origin, Name));
    }

    private string DetailOf(OutcomeAnswer answer, string outcome) => answer.Detail?.Trim() is { Length: > 0 } detail
        ? detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail
        : $"{Name}: {outcome}.";

    private sealed record EventBody(
        string Event, Guid SubjectId, string? Email, IReadOnlyList<string> VisitorIds, long Timestamp, Corrections? Corrections);

    private sealed record Corrections(string? Email, string? Name, string? Phone, string? Company);

    private sealed record ExportAnswer(string? Title, string? Origin, bool? Portable, List<string>? Columns, List<List<string?>?>? Rows);

    private sealed record OutcomeAnswer(string? Outcome, string? Detail, string? KeptUntil);
}
