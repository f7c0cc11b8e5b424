using System.Globalization;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// The pseudonymous events Google Analytics 4 keeps about the demo site's visitors. The site gives GA
/// the visitor's analytics id as its client id (a keyed hash of the visitor id, never the visitor id,
/// which is the visitor's credential), so Vern derives the same client id from each visitor id linked
/// to a person for the User Deletion API.
/// </summary>
internal sealed class GoogleAnalyticsConnector(HttpClient http, GoogleAnalyticsConnector.Settings settings, VisitorIds visitorIds, ILogger<GoogleAnalyticsConnector> log)
    : IPersonalDataSource
{
    public const string SourceName = "google-analytics";
    private const string System = "Google Analytics";

    internal sealed record Settings(string PropertyId);

    public string Name => SourceName;


    public bool External => true;

    public IReadOnlyList<Type> Covers => [];

    /// <summary>
    /// Google offers no per-user export, so the honest answer is to say what GA holds and why it is
    /// not in the package, rather than to leave GA out as if it held nothing.
    /// </summary>
    public Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<GoogleAnalyticsTexts>.In(subject.Language);
        return Task.FromResult(SourceExport.Empty(Name, t.Title, t.Origin, false));
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var clientIds = subject.VisitorIds.Select(visitorIds.AnalyticsId).Distinct(StringComparer.Ordinal).ToList();
        var t = Text<GoogleAnalyticsTexts>.In(subject.Language);
        if (clientIds.Count == 0)
            return new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NoVisitorId);
        var sent = 0;
        var attempts = 0;
        foreach (var clientId in clientIds)
        {
            // One request per id: the API takes a single user per call. Upserting is idempotent, so a
            // later retry of the whole erasure may send the ids that succeeded again.
            using var request = new HttpRequestMessage(HttpMethod.Post, "userDeletion/userDeletionRequests:upsert")
            {
                Content = JsonContent.Create(new
                {
                    kind = "analytics#userDeletionRequest",
                    id = new { type = "CLIENT_ID", userId = clientId },
                    propertyId = settings.PropertyId,
                }),
            };
            using var answer = await ConnectorHttp.SendAsync(http, request, System, ct);
            attempts += answer.Attempts;
            if (answer.Response is not { IsSuccessStatusCode: true })
            {
                log.Failed(Name, "erase", subject.Id, answer);
                var failure = answer.Failure ?? ConnectorHttp.Answered(System, answer);
                return new SourceErasure(Name, ErasureOutcome.Failed, ConnectorHttp.PartlySent(failure, sent, clientIds.Count));
            }
            sent++;
        }
        log.Completed(Name, "erase", subject.Id, ErasureOutcome.Erased, 200, attempts);
        return new SourceErasure(Name, ErasureOutcome.Erased, clientIds.Count == 1
            ? t.ErasedOne
            : string.Format(CultureInfo.InvariantCulture, t.ErasedMany, clientIds.Count));
    }
}
