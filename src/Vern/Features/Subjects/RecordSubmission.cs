using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Features.Rights;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Security;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Subjects;

/// <summary>
/// What a website form sends: who the person is, what they wrote, and why it is collected; and the retention rules,
/// if any, whose records the person agreed to have kept longer (ADR 35).
/// </summary>
internal sealed record SubmissionInput(
    string? Form, string? Purpose, string? Email,
    string? Name = null, string? Phone = null, string? Company = null, string? Message = null,
    string? VisitorId = null, int? PolicyVersion = null, IReadOnlyList<string>? KeepLonger = null);

internal sealed record SubmissionRecorded(Guid Id);

/// <summary>
/// The outcome of <see cref="RecordSubmission.Handle"/>: the submission's id, or the problems per field.
/// A marketing submission from a person who objected gets an id too, of nothing kept.
/// </summary>
internal sealed record SubmissionResult(Guid? Id, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Records what a person sent through a website form, with the purpose it was collected for and the
/// policy version they were shown, so that every later right (access, erasure, objection) can find it
/// and say where it came from. The answer never tells whether the person was already known.
/// </summary>
internal static partial class RecordSubmission
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxName = 200;
    public const int MaxPhone = 40;
    public const int MaxCompany = 200;
    public const int MaxMessage = 4000;
    public const int MaxForm = 40;

    /// <summary>The vault field the free text is sealed under; part of the ciphertext's associated data.</summary>
    public const string ContentField = "submission";

    private static readonly JsonBodyAnswers Answers = new(
        "The submission was not recorded.",
        "The body must be a JSON object with the fields form, purpose and email, and optionally name, phone, company, message, visitorId, policyVersion and keepLonger.",
        field => $"{field} has the wrong type: text, a whole number for policyVersion, or a list of retention rule ids for keepLonger.",
        ByTopLevelField: true);

    /// <summary>Everything that can be checked without the database.</summary>
    public static Dictionary<string, string[]> Validate(SubmissionInput input, PrivacyModel model, VisitorIds visitorIds)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Form) || !FormPattern().IsMatch(input.Form))
            errors["form"] = [$"The form must be a name of at most {MaxForm} characters of a-z, 0-9 and '-', such as contact or signup."];
        if (string.IsNullOrWhiteSpace(input.Purpose) || model.Purpose(input.Purpose) is null)
            errors["purpose"] = [$"The purpose must be one of the privacy model's purposes: {string.Join(", ", model.Purposes.Select(p => p.Id))}."];
        if (string.IsNullOrWhiteSpace(input.Email) || input.Email.Length > 254 || !MailboxAddress.TryParse(input.Email.Trim(), out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
            errors["email"] = ["Give an e-mail address, such as name@example.com."];
        if (Clean(input.Name) is { } name && (name.Length > MaxName || HasControl(name, allowLines: false)))
            errors["name"] = [$"The name must be at most {MaxName} characters on one line."];
        if (Clean(input.Phone) is { } phone && (phone.Length > MaxPhone || !PhonePattern().IsMatch(phone) || phone.Count(char.IsAsciiDigit) < 5))
            errors["phone"] = [$"The phone number must be at most {MaxPhone} characters of digits, spaces and + ( ) - . such as +47 400 00 000."];
        if (Clean(input.Company) is { } company && (company.Length > MaxCompany || HasControl(company, allowLines: false)))
            errors["company"] = [$"The company must be at most {MaxCompany} characters on one line."];
        if (Clean(input.Message) is { } message && (message.Length > MaxMessage || HasControl(message, allowLines: true)))
            errors["message"] = [$"The message must be at most {MaxMessage} characters."];
        // Linking a browser to a person hands that person the browser's consent history on access: only the
        // holder of an id Vern issued may ask for it, never whoever guessed or copied a well-formed one.
        if (input.VisitorId is not null && !visitorIds.IsIssued(input.VisitorId))
            errors["visitorId"] = [VisitorIds.NotIssued];
        if (input.PolicyVersion is < 1)
            errors["policyVersion"] = ["The policy version must be the number of a published version."];
        if (input.KeepLonger is { Count: > 0 } rules && input.Purpose is not null && model.Purpose(input.Purpose) is { } purpose
            && !RetentionConsents.CanExtend(rules, purpose, model))
            errors["keepLonger"] = [model.RetentionRule(purpose.Retention)?.KeepLonger is null
                ? $"The retention rule of {purpose.Id} offers no more time with the person's consent: leave keepLonger out."
                : $"keepLonger may name only {purpose.Retention}, the retention rule of {purpose.Id}."];
        return errors;
    }

    /// <param name="started">
    /// A <see cref="Stopwatch.GetTimestamp"/> from when the request began: a recorded submission answers
    /// no sooner than <see cref="EvenResponseTime.Floor"/> after it, once per request however many
    /// submissions the request records.
    /// </param>
    public static async Task<SubmissionResult> Handle(AppDb db, SubjectVault vault, ProcessingGate gate, ModelStore models, VisitorIds visitorIds, TimeProvider time, SubmissionInput input, long started, CancellationToken ct)
    {
        var errors = Validate(input, models.Current.Model, visitorIds);
        int? policyVersion = null;
        if (input.PolicyVersion is { } given)
        {
            if (await db.PolicyVersions.AnyAsync(v => v.Number == given && v.Status == PolicyStatus.Published, ct))
                policyVersion = given;
            else
                errors.TryAdd("policyVersion", [$"Policy version {given} has not been published."]);
        }
        if (errors.Count > 0)
            return new SubmissionResult(null, errors);
        // Without a version the person saw the policy in force now; the site shows it in English first.
        policyVersion ??= (await PolicyHistory.Current(db, time, Languages.Default, ct))?.Number;

        var email = input.Email!.Trim();
        await gate.RefuseIfBlockedAsync(email, network: null, started, ct);
        var details = new PersonalDetails(email, Clean(input.Name), Clean(input.Phone), Clean(input.Company));
        var subject = await FindAsync(db, vault, email, ct);
        var now = time.GetUtcNow();
        var decision = await gate.CheckAsync(subject?.Id, input.Purpose!, input.VisitorId, ct);
        if (subject is not null && decision.Refusal is { } refused && KeepsNothing(refused))
        {
            // Nothing may be kept for the purpose: an objection (Art. 21), or an erasure under way. The answer
            // is the one any submission gets, so it does not tell whoever calls that the address is known,
            // let alone why its owner's data is not used.
            db.AuditEntries.Add(AuditEntry.Create(time, "api", "submission.suppressed", subject.Id,
                details: $"form {input.Form}, purpose {input.Purpose}: {refused.ToWire()}: {Why(refused)}"));
            await db.SaveChangesAsync(ct);
            await EvenResponseTime.WaitAsync(started, ct);
            return new SubmissionResult(Guid.CreateVersion7(now), errors);
        }
        if (subject is null)
            subject = await vault.AddAsync(details, ct);
        else
            // Only what is missing is added: a form cannot overwrite what Vern holds, because changing
            // a person's details is rectification, a right of its own that is verified first.
            await vault.FillMissingAsync(subject, details, ct);

        var submission = new Submission
        {
            Id = Guid.CreateVersion7(now),
            SubjectId = subject.Id,
            Form = input.Form!,
            Purpose = input.Purpose!,
            PolicyVersion = policyVersion,
            SubmittedAt = now.UtcDateTime,
        };
        if (Clean(input.Message) is { } message)
            submission.Content = await vault.SealAsync(subject.Id, ContentField, message, ct);
        db.Submissions.Add(submission);
        // What the law keeps (bookkeeping) is held from the moment it is stored, so an erasure asked for at once waits too.
        if (models.Current.Model.Purpose(submission.Purpose)?.Retention is { } ruleId && models.Current.Model.RetentionRule(ruleId) is { LegalHold: { } legal } heldBy
            && RuleHolds.Until(legal, submission.SubmittedAt) is { } until)
            await RuleHolds.PlaceAsync(db, time, subject.Id, heldBy, until, ct);
        // A consent of its own, to be asked for apart from the purpose's and withdrawn apart from it.
        foreach (var rule in (input.KeepLonger ?? []).Distinct())
            await RetentionConsents.GiveAsync(db, time, subject.Id, models.Current.Model.RetentionRule(rule)!, policyVersion, ct);

        // Connecting the browser to the person is processing for the purpose, not storage of what they sent.
        if (decision.Allowed && input.VisitorId is { } visitorId)
        {
            // A browser is linked to the first person who sent a form from it and to no one after:
            // on a shared computer, a second link would hand the first person's consent history to
            // whoever next asks for access.
            var linked = await vault.FindByIdentifierAsync(DataSubjects.VisitorIdKind, visitorId, ct);
            if (linked is null)
                await vault.AddIdentifierAsync(subject.Id, DataSubjects.VisitorIdKind, visitorId, ct);
        }

        // A restriction allows storage (Art. 18(2)), and what a person sends for a purpose that rests on consent
        // is theirs to have answered: the submission is kept, not processed, and the audit says why for
        // whoever would act on it. Every feature that acts on it later asks the gate again.
        var note = decision.Refusal is { } held ? $"; not processed ({held.ToWire()}): stored only" : "";
        db.AuditEntries.Add(AuditEntry.Create(time, "api", "submission.recorded", subject.Id, details: $"form {submission.Form}, purpose {submission.Purpose}{note}"));
        await db.SaveChangesAsync(ct);
        // A new person costs a key store write that a known one does not: the answer waits alike for both.
        await EvenResponseTime.WaitAsync(started, ct);
        return new SubmissionResult(submission.Id, errors);
    }

    /// <summary>The API: reads the body itself, so a field of the wrong type is named in the answer.</summary>
    public static async Task<Results<Created<SubmissionRecorded>, ValidationProblem>> Post(
        HttpRequest request, AppDb db, SubjectVault vault, ProcessingGate gate, ModelStore models, VisitorIds visitorIds, TimeProvider time, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (input, problem) = await JsonBody.ReadAsync<SubmissionInput>(request, MaxBodyBytes, Answers, ct);
        if (input is null)
            return problem!;

        var result = await Handle(db, vault, gate, models, visitorIds, time, input, started, ct);
        if (result.Id is not { } id)
            return TypedResults.ValidationProblem(result.Errors, title: Answers.Title);
        return TypedResults.Created((string?)null, new SubmissionRecorded(id));
    }

    /// <summary>
    /// Refusals after which nothing of the submission may be kept. The others (a restriction, consent not
    /// given) let Vern store what the person sent without using it.
    /// </summary>
    private static bool KeepsNothing(ProcessingRefusal refusal) => refusal is ProcessingRefusal.ObjectedToDirectMarketing
        or ProcessingRefusal.Objected or ProcessingRefusal.ErasurePending or ProcessingRefusal.Erased or ProcessingRefusal.PurposeNotDefined;

    /// <summary>For the audit trail's reader.</summary>
    private static string Why(ProcessingRefusal refusal) => refusal switch
    {
        ProcessingRefusal.ObjectedToDirectMarketing => "the person objected to direct marketing",
        ProcessingRefusal.Objected => "the person objected and no compelling grounds were recorded",
        ProcessingRefusal.ErasurePending => "the person's erasure is being carried out",
        _ => "not kept",
    };

    private static async Task<Subject?> FindAsync(AppDb db, SubjectVault vault, string email, CancellationToken ct) =>
        await vault.FindByEmailAsync(email, ct) is { } id ? await db.Subjects.FirstOrDefaultAsync(s => s.Id == id, ct) : null;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool HasControl(string value, bool allowLines) =>
        value.Any(c => char.IsControl(c) && !(allowLines && c is '\n' or '\r' or '\t'));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"^\+?[0-9 ().-]+$")]
    private static partial Regex PhonePattern();
}
