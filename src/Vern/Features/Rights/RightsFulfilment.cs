using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Rights.Access;
using Vern.Features.Rights.Connectors;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

/// <summary>
/// Carries out a verified request across every source of personal data and tells the person what
/// was done and what was kept and why. External sources run first and are retried with backoff;
/// while one is still due a retry the request waits, so nothing is half-done when the person is told.
/// </summary>
internal sealed partial class RightsFulfilment(
    AppDb db, SubjectVault vault, IEnumerable<IPersonalDataSource> sources, MailOutbox outbox, ModelStore models,
    TimeProvider time, IConfiguration configuration, ILogger<RightsFulfilment> logger)
{
    public const string Actor = "system";

    /// <summary>
    /// <c>Rights:ReviewAccess</c>: a privacy officer approves every access and portability package
    /// before its link goes out, for a company that wants a person's eyes on what leaves. Off by default.
    /// </summary>
    public const string ReviewSetting = "Rights:ReviewAccess";

    /// <summary>Takes the request one step as far as it can go; returns true when it was completed.</summary>
    public async Task<bool> ProcessAsync(RightsRequest request, Uri site, CancellationToken ct)
    {
        // Normally done when the person confirmed; here too, so a confirmation interrupted before it
        // never leaves a request working on the bare address instead of the person it belongs to.
        await Requesters.IdentifyAsync(db, vault, time, request, ct);
        await db.SaveChangesAsync(ct);
        if (request.Type == RightsRequestType.Rectification)
            return false; // Needs a person's judgement: staff correct the data in the console.

        var subject = await DataSubjects.LoadAsync(db, vault, request.SubjectId, ct, request.Language);
        var texts = Text<CompletionTexts>.In(request.Language);
        var step = request.Type switch
        {
            _ when subject is null => new FulfilmentStep.Completed([new Outcome("subjects", SourceStatus.NothingHeld, texts.NothingLeft)]),
            RightsRequestType.Access or RightsRequestType.Portability => await PackageAsync(request, subject, site, ct),
            RightsRequestType.Erasure => await EraseAsync(request, subject, ct),
            RightsRequestType.WithdrawConsent => await WithdrawAsync(subject, ct),
            RightsRequestType.Restriction => await LimitAsync(request, subject, ProcessingLimit.Restriction, ct),
            RightsRequestType.Objection => await LimitAsync(request, subject, ProcessingLimit.MarketingObjection, ct),
            _ => throw new InvalidOperationException($"Unknown request type {request.Type.ToWire()}."),
        };
        if (step is not FulfilmentStep.Completed { Outcomes: var outcomes })
        {
            // Under review or unidentified, the step has set the status itself.
            if (step is FulfilmentStep.WaitingForRetry)
                request.Status = RightsRequestStatus.InProgress;
            await db.SaveChangesAsync(ct);
            return false;
        }

        var now = time.GetUtcNow();
        request.Status = RightsRequestStatus.Completed;
        request.ClosedAt = now.UtcDateTime;
        request.Outcome = CompletionNotice.Summary(outcomes);
        var type = request.Type.ToWire();
        db.AuditEntries.Add(AuditEntry.Create(time, Actor, "rights-request.completed", request.SubjectId, details: $"{type} {request.Id}", requestId: request.Id));
        if (request.Type == RightsRequestType.Erasure && subject is not null)
            RecipientNotices.Add(db, time, request, models.Current.Model, sources);
        // What was done and the message telling the person are saved together, so a crash can lose
        // neither; the erased person's data key goes once this is committed (KeyShredding).
        if (subject?.Email is { } email)
            await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Completion, await CompletionNotice.EmailAsync(email, request, outcomes, models.Current.Model), ct);
        else
            await db.SaveChangesAsync(ct);
        await Requesters.ForgetIfNothingHeldAsync(db, vault, time, request, ct);
        await db.SaveChangesAsync(ct);
        LogCompleted(logger, request.Id, type);
        return true;
    }

    /// <summary>Exports every source, unless an external source is still due a retry.</summary>
    private async Task<FulfilmentStep> PackageAsync(RightsRequest request, DataSubject subject, Uri site, CancellationToken ct)
    {
        var texts = Text<CompletionTexts>.In(request.Language);
        var portability = request.Type == RightsRequestType.Portability;
        var exports = new List<SourceExport>();
        var outcomes = new List<Outcome>();
        var waiting = false;
        foreach (var source in Ordered())
        {
            var result = await ResultAsync(request, source);
            SourceExport? export = null;
            string? failure = null;
            try
            {
                export = await source.ExportAsync(subject, ct);
            }
            catch (SourceUnavailableException e)
            {
                failure = e.Message;
            }
            if (export is not null)
            {
                Record(result, SourceStatus.Done, $"{export.Rows.Count} record(s)");
                if (!portability || export.Portable)
                    exports.Add(export);
                outcomes.Add(new Outcome(source.Name, SourceStatus.Done, RequestWords.Format(texts.Included, export.Title, export.Rows.Count)));
            }
            else if (!Retry(result, failure!))
                outcomes.Add(new Outcome(source.Name, SourceStatus.Failed, texts.ExportFailed));
            else
                waiting = true;
        }
        if (waiting)
            return new FulfilmentStep.WaitingForRetry();
        if (!exports.Any(e => e.FindsPerson))
            return await UnidentifiedAsync(request, subject, ct);

        var created = time.GetUtcNow();
        var zip = await AccessPackageBuilder.BuildAsync(models.Current.Model, subject, exports, created, request.Language, portability, site);
        var lifetime = AccessPackages.Lifetime(configuration);
        var token = await AccessPackages.CreateAsync(db, vault, time, lifetime, request, zip, ct);
        if (configuration.GetValue(ReviewSetting, false))
        {
            // The token is dropped unsent: approving the package issues a fresh one, so no link exists before then.
            request.Status = RightsRequestStatus.AwaitingReview;
            db.AuditEntries.Add(AuditEntry.Create(time, Actor, "access-package.built", request.SubjectId, details: $"awaiting review, {request.Type.ToWire()} {request.Id}", requestId: request.Id));
            await db.SaveChangesAsync(ct);
            return new FulfilmentStep.AwaitingReview();
        }
        outcomes.Insert(0, PackageOutcome(request, site, token, created + lifetime));
        return new FulfilmentStep.Completed(outcomes);
    }

    /// <summary>The line of the completion e-mail that carries the download link.</summary>
    internal static Outcome PackageOutcome(RightsRequest request, Uri site, string token, DateTimeOffset expires)
    {
        var texts = Text<CompletionTexts>.In(request.Language);
        var link = new Uri(site, $"/privacy/requests/download?token={token}{RequestIntake.LanguageQuery(request)}");
        var until = RequestWords.Date(OsloCalendar.DateOf(expires), request.Language);
        return new Outcome("package", SourceStatus.Done, RequestWords.Format(request.Type == RightsRequestType.Portability ? texts.PortableReady : texts.PackageReady, until, link)) { Link = link };
    }

    /// <summary>Tells the person nothing was found under the address and how to offer another identifier.</summary>
    private async Task<FulfilmentStep> UnidentifiedAsync(RightsRequest request, DataSubject subject, CancellationToken ct)
    {
        request.Status = RightsRequestStatus.Unidentified;
        request.ClosedAt = time.GetUtcNow().UtcDateTime;
        request.Outcome = "No data found under the address given; the person was told how to offer another identifier.";
        db.AuditEntries.Add(AuditEntry.Create(time, Actor, "rights-request.unidentified", request.SubjectId, details: $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        if (subject.Email is { } email)
        {
            var texts = Text<UnidentifiedTexts>.In(request.Language);
            await RequestMail.SendAsync(db, outbox, time, request, RequestMessageKind.Unidentified,
                await new MailBody().Paragraphs(texts.Text, request.Id).ToEmailAsync(email, texts.Subject, request.Language), ct);
        }
        else
            await db.SaveChangesAsync(ct);
        // Told how to offer another identifier; an address that found nothing is not kept for later.
        await Requesters.ForgetIfNothingHeldAsync(db, vault, time, request, ct);
        await db.SaveChangesAsync(ct);
        return new FulfilmentStep.Unidentified();
    }

    /// <summary>
    /// External sources first (they still need the address), then internal ones, the one that identifies
    /// the person last; the vault shreds last of all.
    /// </summary>
    private async Task<FulfilmentStep> EraseAsync(RightsRequest request, DataSubject subject, CancellationToken ct)
    {
        var texts = Text<CompletionTexts>.In(request.Language);
        var outcomes = new List<Outcome>();
        foreach (var source in sources.Where(s => s.External))
        {
            var result = await ResultAsync(request, source);
            if (result.Status is SourceStatus.Done or SourceStatus.NothingHeld or SourceStatus.Kept)
            {
                outcomes.Add(new Outcome(source.Name, result.Status, result.Detail ?? ""));
                continue;
            }
            var erasure = await source.EraseAsync(subject, ct);
            if (erasure.Outcome == ErasureOutcome.Failed)
            {
                if (Retry(result, erasure.Detail))
                    return new FulfilmentStep.WaitingForRetry();
                outcomes.Add(new Outcome(source.Name, SourceStatus.Failed, texts.EraseFailed));
                continue;
            }
            Record(result, Recorded(erasure.Outcome), erasure.Detail);
            // A recipient that confirms the deletion has acknowledged our Art. 19 notice.
            result.AcknowledgedAt = time.GetUtcNow().UtcDateTime;
            outcomes.Add(new Outcome(source.Name, erasure.Outcome.ToStatus(), erasure.Detail, erasure.KeptUntil));
        }

        var kept = false;
        foreach (var source in sources.Where(s => !s.External).OrderBy(s => s.IdentifiesPerson ? 1 : 0))
        {
            var result = await ResultAsync(request, source);
            var erasure = await source.EraseAsync(subject, ct);
            Record(result, Recorded(erasure.Outcome), erasure.Detail);
            outcomes.Add(new Outcome(source.Name, erasure.Outcome.ToStatus(), erasure.Detail, erasure.KeptUntil));
            kept |= source.IdentifiesPerson && erasure.Outcome == ErasureOutcome.Kept;
        }
        if (!kept)
        {
            await ShredAsync(subject.Id, request.Id, outcomes, ct);
            outcomes.Add(new Outcome("subjects", SourceStatus.Erased, texts.Erased));
        }
        return new FulfilmentStep.Completed(outcomes);
    }

    /// <summary>An erased source is recorded on the case as done; the person is told it was erased.</summary>
    private static SourceStatus Recorded(ErasureOutcome outcome) => outcome == ErasureOutcome.Erased ? SourceStatus.Done : outcome.ToStatus();

    /// <summary>
    /// Clears the person's data and writes the erasure ledger entry (no personal data) in the same
    /// save as the audit entry, so a restored backup can replay the erasure; the data key is
    /// destroyed once that save is committed.
    /// </summary>
    internal async Task ShredAsync(Guid subjectId, Guid? requestId, IEnumerable<Outcome> outcomes, CancellationToken ct)
    {
        await ErasedSubjects.ClearAsync(db, vault, subjectId, ct);
        db.ErasureLedger.Add(new ErasureLedgerEntry
        {
            SubjectId = subjectId,
            RequestId = requestId,
            ErasedAt = time.GetUtcNow().UtcDateTime,
            Sources = string.Join(',', outcomes.Select(o => o.Source).Append("subjects").Distinct()),
        });
        db.AuditEntries.Add(AuditEntry.Create(time, Actor, "subject.erased", subjectId, details: requestId?.ToString(), requestId: requestId));
    }

    /// <summary>Every consent the person gave, wherever it is held: the banner's choices, a consent to keep records longer.</summary>
    private async Task<FulfilmentStep> WithdrawAsync(DataSubject subject, CancellationToken ct)
    {
        var outcomes = new List<Outcome>();
        foreach (var source in Ordered().OfType<IWithdrawable>())
            if (await source.WithdrawAllAsync(subject, ct) is { } withdrawn)
                outcomes.Add(new Outcome(withdrawn.Source, withdrawn.Outcome.ToStatus(), withdrawn.Detail));
        return new FulfilmentStep.Completed(outcomes);
    }

    /// <summary>
    /// Restriction and objection: Vern's own record first, so every processing step in Vern honours it at
    /// once, then every source that processes on its own (Vern's own, then external systems, retried with
    /// backoff), unless an external source is still due a retry.
    /// </summary>
    private async Task<FulfilmentStep> LimitAsync(RightsRequest request, DataSubject subject, ProcessingLimit limit, CancellationToken ct)
    {
        var texts = Text<CompletionTexts>.In(request.Language);
        var now = time.GetUtcNow().UtcDateTime;
        var subjects = db.Subjects.Where(s => s.Id == subject.Id);
        if (limit == ProcessingLimit.Restriction)
            await subjects.Where(s => s.RestrictedAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.RestrictedAt, now), ct);
        else
            await subjects.Where(s => s.MarketingObjectionAt == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.MarketingObjectionAt, now), ct);
        var outcomes = new List<Outcome> { new("subjects", SourceStatus.Done, limit == ProcessingLimit.Restriction ? texts.Restricted : texts.Objected) };

        // Internal sources first: they take effect at once even while an external system is retried.
        foreach (var source in sources.OrderBy(s => s.External ? 1 : 0).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            if (source is not ILimitable limitable)
                continue;
            var result = await ResultAsync(request, source);
            if (result.CompletedAt is not null)
            {
                outcomes.Add(new Outcome(source.Name, result.Status, result.Detail ?? ""));
                continue;
            }
            var limited = await limitable.LimitAsync(subject, limit, ct);
            if (limited.Outcome == LimitOutcome.Failed)
            {
                if (source.External && Retry(result, limited.Detail))
                    return new FulfilmentStep.WaitingForRetry();
                Record(result, SourceStatus.Failed, limited.Detail);
                outcomes.Add(new Outcome(source.Name, SourceStatus.Failed, texts.LimitFailed));
                continue;
            }
            Record(result, limited.Outcome.ToStatus(), limited.Detail);
            if (source.External && limited.Outcome != LimitOutcome.Unsupported)
                result.AcknowledgedAt = now; // the recipient confirmed it applied the limit (Art. 19)
            outcomes.Add(new Outcome(source.Name, limited.Outcome.ToStatus(), limited.Detail));
        }
        var told = sources.Where(s => s is ILimitable && !outcomes.Any(o => o.Source == s.Name && o.Status == SourceStatus.Unsupported));
        RecipientNotices.Add(db, time, request, models.Current.Model, told);
        return new FulfilmentStep.Completed(outcomes);
    }

    private IEnumerable<IPersonalDataSource> Ordered() => sources.OrderBy(s => s.External ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal);

    private async Task<RequestSourceResult> ResultAsync(RightsRequest request, IPersonalDataSource source)
    {
        var result = await db.RequestSourceResults.FirstOrDefaultAsync(r => r.RequestId == request.Id && r.Source == source.Name);
        if (result is null)
        {
            result = new RequestSourceResult { Id = Guid.CreateVersion7(time.GetUtcNow()), RequestId = request.Id, Source = source.Name };
            db.RequestSourceResults.Add(result);
        }
        return result;
    }

    private void Record(RequestSourceResult result, SourceStatus status, string detail)
    {
        result.Attempts++;
        result.Status = status;
        result.Detail = CaseText.Truncate(detail, 1000);
        result.NextAttemptAt = null;
        result.CompletedAt = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>Schedules another attempt; false when the source has had its last chance.</summary>
    private bool Retry(RequestSourceResult result, string detail)
    {
        result.Attempts++;
        result.Detail = CaseText.Truncate(detail, 1000);
        var next = Backoff.NextAttempt(result.Attempts, time.GetUtcNow());
        result.Status = next is null ? SourceStatus.Failed : SourceStatus.Pending;
        result.NextAttemptAt = next?.UtcDateTime;
        if (next is null)
            result.CompletedAt = time.GetUtcNow().UtcDateTime;
        return next is not null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rights request {RequestId} ({Type}) completed")]
    private static partial void LogCompleted(ILogger logger, Guid requestId, string type);
}

/// <summary>What happened in one source, as the person will read it.</summary>
internal sealed record Outcome(string Source, SourceStatus Status, string Detail, DateOnly? KeptUntil = null)
{
    /// <summary>A link the detail names, made clickable in the HTML part of the e-mail.</summary>
    public Uri? Link { get; init; }
}
