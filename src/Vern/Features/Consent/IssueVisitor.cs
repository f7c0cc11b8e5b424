using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>
/// Issues a visitor id to a banner that has none yet. Nothing is stored: the id carries its own proof of
/// origin, so issuing costs no database work and an unused id leaves no trace.
/// </summary>
internal static class IssueVisitor
{
    public static Created<IssuedVisitor> Handle(HttpResponse response, VisitorIds visitorIds)
    {
        // Each answer is one browser's credential: no cache may keep it or hand it to another.
        response.Headers.CacheControl = "no-store";
        var visitorId = visitorIds.Issue();
        return TypedResults.Created((string?)null, new IssuedVisitor(visitorId, visitorIds.AnalyticsId(visitorId)));
    }
}

/// <param name="VisitorId">The visitor's credential: kept in the first-party vern_consent cookie and sent only to Vern.</param>
/// <param name="AnalyticsId">What analytics tools get as their client id instead of the visitor id.</param>
internal sealed record IssuedVisitor(string VisitorId, string AnalyticsId);
