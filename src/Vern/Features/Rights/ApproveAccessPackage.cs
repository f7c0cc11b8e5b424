using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Rights.Access;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// A privacy officer approves a package that waited for review (<c>Rights:ReviewAccess</c>): the
/// person is e-mailed the link, with what each source gave, and the request is completed.
/// </summary>
internal static class ApproveAccessPackage
{
    /// <summary>Returns null when sent, otherwise why not, in words for the privacy officer.</summary>
    public static async Task<string?> Handle(
        AppDb db, SubjectVault vault, MailOutbox outbox, TimeProvider time, PrivacyModel model, TimeSpan lifetime,
        Guid requestId, string actor, Uri site, CancellationToken ct)
    {
        var request = await db.RightsRequests.FindAsync([requestId], ct);
        if (request is null)
            return "There is no such request.";
        if (request.Status != RightsRequestStatus.AwaitingReview)
            return $"Only a package that waits for review can be approved; this request is {request.Status.ToWire()}.";
        var package = await db.AccessPackages.Where(p => p.RequestId == requestId).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        var zip = package is null ? null : await AccessPackages.OpenAsync(vault, package, ct);
        var email = (await vault.RevealAsync(request.SubjectId, ct))?.Email;
        if (package is null || zip is null || email is null)
            return "The package or the person's address is no longer held (their data was erased), so there is nothing to send.";

        var (token, expires) = AccessPackages.Reissue(package, time, lifetime);
        var failed = await db.RequestSourceResults.AsNoTracking()
            .Where(r => r.RequestId == requestId && r.Status == SourceStatus.Failed)
            .Select(r => r.Source)
            .ToListAsync(ct);
        var texts = Text<CompletionTexts>.In(request.Language);
        // What each source gave is read back from the package itself, so the e-mail says what was approved.
        List<Outcome> outcomes =
        [
            RightsFulfilment.PackageOutcome(request, site, token, expires),
            .. Included(zip).Select(r => new Outcome(r.Source, SourceStatus.Done, RequestWords.Format(texts.Included, r.Title, r.Count))),
            .. failed.Select(source => new Outcome(source, SourceStatus.Failed, texts.ExportFailed)),
        ];

        request.Status = RightsRequestStatus.Completed;
        request.ClosedAt = time.GetUtcNow().UtcDateTime;
        request.Outcome = CompletionNotice.Summary(outcomes);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "access-package.approved", request.SubjectId, details: $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "rights-request.completed", request.SubjectId, details: $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Completion, await CompletionNotice.EmailAsync(email, request, outcomes, model), ct);
        return null;
    }

    /// <summary>The sources in the package's <c>data.json</c>, with their titles and record counts.</summary>
    private static IEnumerable<(string Source, string Title, int Count)> Included(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var stream = archive.GetEntry("data.json")!.Open();
        using var json = JsonDocument.Parse(stream);
        return [.. json.RootElement.GetProperty("records").EnumerateObject().Select(r =>
            (r.Name, r.Value.GetProperty("title").GetString() ?? r.Name, r.Value.GetProperty("rows").GetArrayLength()))];
    }
}
