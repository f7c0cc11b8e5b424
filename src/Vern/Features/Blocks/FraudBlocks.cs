using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Blocks;

/// <summary>What staff give to block a person: their e-mail address, why, until when, and the language of the notice they get.</summary>
internal sealed record BlockInput(string? Email, string? Reason, DateOnly? EndsOn, string? Language);

/// <summary>
/// Fraud blocks, under the definition's legitimate-interest purpose for fraud prevention (found by its DPV purpose,
/// <c>dpv:FraudPreventionAndDetection</c>). Staff block a person with a reason and an end date, and the person is told
/// by e-mail how to contest it; a signal places only a hold on a masked network that lapses after 24 hours unless staff
/// confirm it. A contest opens a review with a deadline, whose outcome the person is told. Every step is audited in the
/// same save as the change.
/// </summary>
internal sealed class FraudBlocks(AppDb db, SubjectVault vault, LookupHasher hasher, MailOutbox outbox, ModelStore models, PublicUrl site, IConfiguration configuration, TimeProvider time)
{
    public const int MaxReason = 1000;
    public const int MaxStatement = 4000;
    public const string DpvPurpose = "dpv:FraudPreventionAndDetection";

    /// <summary>The audit actions of blocks all start so.</summary>
    public const string AuditPrefix = "block.";

    /// <summary>The vault field a contest's statement is sealed under.</summary>
    public const string StatementField = "block-contest";

    private static BlockTexts T => Text<BlockTexts>.In(Languages.Default);

    /// <summary>The longest a block may be placed for, in days (<c>Blocks:MaxDays</c>, 365 by default): a block must end.</summary>
    public int MaxDays => configuration.GetValue("Blocks:MaxDays", 365);

    /// <summary>How long staff have to review a contest (<c>Blocks:ContestReviewDays</c>, 7 by default).</summary>
    public int ContestReviewDays => configuration.GetValue("Blocks:ContestReviewDays", 7);

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The definition's purpose blocks are placed under, or null when it has none (then nobody can be blocked).</summary>
    public Purpose? Purpose => models.Current.Model.Purposes.FirstOrDefault(p => p.DpvPurpose == DpvPurpose && p.LegalBasis == LegalBasis.LegitimateInterests);

    public Task<Block?> FindAsync(Guid id, CancellationToken ct) => db.Blocks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);

    /// <summary>The latest first.</summary>
    public Task<List<Block>> ListAsync(CancellationToken ct) => db.Blocks.AsNoTracking().OrderByDescending(b => b.PlacedAt).ToListAsync(ct);

    public Task<List<BlockContest>> ContestsAsync(CancellationToken ct) => db.BlockContests.AsNoTracking().OrderBy(c => c.DueAt).ToListAsync(ct);

    public Task<List<BlockContest>> ContestsOfAsync(Guid blockId, CancellationToken ct) =>
        db.BlockContests.AsNoTracking().Where(c => c.BlockId == blockId).OrderBy(c => c.ReceivedAt).ToListAsync(ct);

    /// <summary>The block in force that refuses this person, address or network now; null when none does.</summary>
    public async Task<Block?> BlockingAsync(Guid? subjectId, string? email, string? network, CancellationToken ct)
    {
        var lookup = email is null ? null : await hasher.HashEmailAsync(email, ct);
        return await db.Blocks.AsNoTracking().Where(Block.InForceAt(Now)).Where(Block.Holds(subjectId, lookup, network))
            .OrderBy(b => b.PlacedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>A member of staff blocks the person with this address, known to the vault or not.</summary>
    public async Task<(Block? Block, Dictionary<string, string[]> Errors)> PlaceAsync(BlockInput input, string actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var purpose = Purpose;
        if (purpose is null)
            errors["purpose"] = [T.NoPurpose];
        var email = FormText.Trimmed(input.Email);
        var subjectId = Subscriptions.IsAddress(email) ? await vault.FindByEmailAsync(email!, ct) : null;
        if (!Subscriptions.IsAddress(email))
            errors["email"] = [T.EmailInvalid];
        else if (await BlockingAsync(subjectId, email, null, ct) is { } already)
            errors["email"] = [Format(T.AlreadyBlocked, LastDay(already.EndsAt))];
        var reason = FormText.Required(input.Reason, "reason", MaxReason, errors, T.Required, Format(T.TooLong, MaxReason));
        var today = OsloCalendar.Today(time);
        if (input.EndsOn is not { } endsOn)
            errors["endsOn"] = [T.Required];
        else if (endsOn <= today || endsOn > today.AddDays(MaxDays))
            errors["endsOn"] = [Format(T.EndOutOfRange, MaxDays)];
        var language = input.Language ?? Languages.Default;
        if (!Languages.Supported.Contains(language))
            errors["language"] = [Format(T.LanguageInvalid, string.Join(", ", Languages.Supported))];
        if (errors.Count > 0)
            return (null, errors);

        var block = new Block
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Target = BlockTarget.Person,
            SubjectId = subjectId,
            EmailLookup = await hasher.HashEmailAsync(email!, ct),
            Purpose = purpose!.Id,
            Reason = reason!,
            Origin = BlockOrigin.Staff,
            PlacedAt = Now,
            PlacedBy = actor,
            EndsAt = OsloCalendar.StartOf(input.EndsOn!.Value.AddDays(1)).UtcDateTime,
        };
        db.Blocks.Add(block);
        Audit(actor, "placed", block, $"until {LastDay(block.EndsAt)}");
        var t = Text<BlockTexts>.In(language);
        var controller = models.Current.Model.Controller;
        await outbox.AddAsync(new OutgoingEmail(email!, Format(t.PlacedSubject, controller.Name),
            Format(t.PlacedBody, controller.Name, LastDay(block.EndsAt), ContestLink(language), ContestReviewDays, controller.Email)), ct);
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return (block, errors);
    }

    /// <summary>
    /// A signal holds a masked network for 24 hours and asks the staff who may confirm it; a network already held or
    /// blocked is left as it is.
    /// </summary>
    public async Task<Block?> HoldAsync(string network, string signal, CancellationToken ct)
    {
        if (Purpose is not { } purpose || await BlockingAsync(null, null, network, ct) is not null)
            return null;
        var block = new Block
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Target = BlockTarget.Network,
            Network = network,
            Purpose = purpose.Id,
            Reason = signal,
            Origin = BlockOrigin.Signal,
            PlacedAt = Now,
            PlacedBy = "system",
            EndsAt = Now + Block.HoldLapsesAfter,
        };
        db.Blocks.Add(block);
        Audit("system", "held", block, signal);
        foreach (var reviewer in await StaffAddresses.OfRolesAsync(db, Reviewers, ct))
            await outbox.AddAsync(new OutgoingEmail(reviewer, Format(T.HeldSubject, network),
                Format(T.HeldBody, network, signal, Instant(block.EndsAt), Link(block.Id))), ct);
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return block;
    }

    /// <summary>A person confirms a hold while it stands, and gives it an end date; a hold that lapsed must be placed anew.</summary>
    public async Task<string?> ConfirmAsync(Guid id, DateOnly? endsOn, string actor, CancellationToken ct)
    {
        if (await db.Blocks.FirstOrDefaultAsync(b => b.Id == id, ct) is not { } block || block.StateAt(Now) != BlockState.Hold)
            return T.NotAHold;
        var today = OsloCalendar.Today(time);
        if (endsOn is not { } day || day <= today || day > today.AddDays(MaxDays))
            return Format(T.EndOutOfRange, MaxDays);
        block.ConfirmedAt = Now;
        block.ConfirmedBy = actor;
        block.EndsAt = OsloCalendar.StartOf(day.AddDays(1)).UtcDateTime;
        Audit(actor, "confirmed", block, $"until {LastDay(block.EndsAt)}");
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Lifts a block in force before its end.</summary>
    public async Task<string?> LiftAsync(Guid id, string? reason, string actor, CancellationToken ct)
    {
        if (await db.Blocks.FirstOrDefaultAsync(b => b.Id == id, ct) is not { } block || block.EndedAt(Now) is not null)
            return T.NotInForce;
        var why = FormText.Trimmed(reason);
        if (why is null || why.Length > MaxReason)
            return why is null ? T.Required : Format(T.TooLong, MaxReason);
        Lift(block, why, actor);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// A person contests: when a block in force refuses their address or the network they write from, a review opens
    /// with a deadline, the reviewers are told, and so is the person (at the address, so nobody else learns of the
    /// block). Returns whether a review opened; the page answers alike either way.
    /// </summary>
    public async Task<bool> ContestAsync(string email, string? statement, string language, string? network, CancellationToken ct)
    {
        var subjectId = await vault.FindByEmailAsync(email, ct);
        if (await BlockingAsync(subjectId, email, network, ct) is not { } block)
        {
            db.AuditEntries.Add(AuditEntry.Create(time, "api", AuditPrefix + "contest-unmatched", subjectId: null));
            await db.SaveChangesAsync(ct);
            return false;
        }
        var person = subjectId ?? (await vault.AddAsync(new PersonalDetails(email), ct)).Id;
        var contest = new BlockContest
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            BlockId = block.Id,
            SubjectId = person,
            Statement = FormText.Trimmed(statement) is { } said ? await vault.SealAsync(person, StatementField, said, ct) : null,
            ReceivedAt = Now,
            DueAt = Now.AddDays(ContestReviewDays),
            Language = language,
        };
        db.BlockContests.Add(contest);
        db.AuditEntries.Add(AuditEntry.Create(time, "api", AuditPrefix + "contested", person, details: Details(block.Id)));
        foreach (var reviewer in await StaffAddresses.OfRolesAsync(db, Reviewers, ct))
            await outbox.AddAsync(new OutgoingEmail(reviewer, T.ContestedSubject, Format(T.ContestedBody, Instant(contest.DueAt), Link(block.Id))), ct);
        var t = Text<BlockTexts>.In(language);
        await outbox.AddAsync(new OutgoingEmail(email, Format(t.ContestReceivedSubject, models.Current.Model.Controller.Name),
            Format(t.ContestReceivedBody, LastDay(contest.DueAt), models.Current.Model.Controller.Email)), ct);
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return true;
    }

    /// <summary>The statement of a contest, for the reviewer; audited as a view of the person's data.</summary>
    public async Task<string?> OpenStatementAsync(BlockContest contest, string actor, CancellationToken ct)
    {
        if (contest.Statement is null)
            return null;
        db.AuditEntries.Add(AuditEntry.Create(time, actor, AuditPrefix + "contest-viewed", contest.SubjectId, details: Details(contest.BlockId)));
        await db.SaveChangesAsync(ct);
        return await vault.OpenAsync(contest.SubjectId, StatementField, contest.Statement, ct);
    }

    /// <summary>A person reviews a contest: the block is kept or lifted, and the person who contested is told why.</summary>
    public async Task<string?> DecideAsync(Guid contestId, ContestOutcome? outcome, string? reason, string actor, CancellationToken ct)
    {
        if (await db.BlockContests.FirstOrDefaultAsync(c => c.Id == contestId, ct) is not { DecidedAt: null } contest)
            return T.ContestDecided;
        var why = FormText.Trimmed(reason);
        if (outcome is null)
            return T.OutcomeRequired;
        if (why is null || why.Length > MaxReason)
            return why is null ? T.Required : Format(T.TooLong, MaxReason);
        contest.Outcome = outcome;
        contest.OutcomeReason = why;
        contest.DecidedAt = Now;
        contest.DecidedBy = actor;
        var block = await db.Blocks.FirstAsync(b => b.Id == contest.BlockId, ct);
        if (outcome == ContestOutcome.Lifted && block.EndedAt(Now) is null)
            Lift(block, why, actor);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, AuditPrefix + "contest-decided", contest.SubjectId, details: $"{Details(block.Id)}: {outcome.Value.ToWire()}"));
        if (await vault.RevealAsync(contest.SubjectId, ct) is { Email: { } address })
        {
            var t = Text<BlockTexts>.In(contest.Language);
            var controller = models.Current.Model.Controller;
            await outbox.AddAsync(new OutgoingEmail(address, Format(t.DecidedSubject, controller.Name),
                Format(outcome == ContestOutcome.Lifted ? t.LiftedBody : t.UpheldBody, why, LastDay(block.EndsAt), controller.Email, models.Current.Model.Authority.Name)), ct);
        }
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAddedAsync(ct);
        return null;
    }

    /// <summary>
    /// Reminds the reviewers of each contest still undecided a day before its deadline. Each reminder is claimed with an
    /// UPDATE that only one server wins, so it is sent once whatever the number of servers; returns how many were sent.
    /// </summary>
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        var soon = Now.Add(ContestReminderBefore);
        var due = await db.BlockContests.AsNoTracking().Where(BlockContest.Open).Where(c => c.RemindedAt == null && c.DueAt <= soon).ToListAsync(ct);
        var sent = 0;
        foreach (var contest in due)
        {
            if (await db.BlockContests.Where(c => c.Id == contest.Id && c.RemindedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.RemindedAt, Now), ct) == 0)
                continue;
            foreach (var reviewer in await StaffAddresses.OfRolesAsync(db, Reviewers, ct))
                await outbox.AddAsync(new OutgoingEmail(reviewer, Format(T.ReminderSubject, Instant(contest.DueAt)), Format(T.ContestedBody, Instant(contest.DueAt), Link(contest.BlockId))), ct);
            db.AuditEntries.Add(AuditEntry.Create(time, "system", AuditPrefix + "contest-reminded", contest.SubjectId, details: Details(contest.BlockId)));
            await db.SaveChangesAsync(ct);
            await outbox.DeliverAddedAsync(ct);
            sent++;
        }
        return sent;
    }

    /// <summary>How long before a contest's deadline the reviewers are reminded of it.</summary>
    public static readonly TimeSpan ContestReminderBefore = TimeSpan.FromHours(24);

    private static readonly string[] Reviewers = [StaffRoles.PrivacyOfficer, StaffRoles.Support];

    private void Lift(Block block, string reason, string actor)
    {
        block.LiftedAt = Now;
        block.LiftedBy = actor;
        block.LiftReason = reason;
        Audit(actor, "lifted", block, null);
    }

    private void Audit(string actor, string step, Block block, string? detail) =>
        db.AuditEntries.Add(AuditEntry.Create(time, actor, AuditPrefix + step, block.SubjectId, details: detail is null ? Details(block.Id) : $"{Details(block.Id)}: {detail}"));

    public static string Details(Guid blockId) => $"block {blockId}";

    private Uri Link(Guid blockId) => new(site.Base, $"/admin/blocks/{blockId}");

    private Uri ContestLink(string language) => new(site.Base, $"/privacy/contest?lang={language}");

    /// <summary>The last day (Oslo) a block ending at <paramref name="endsAt"/> is in force.</summary>
    public static string LastDay(DateTime endsAt) => OsloCalendar.DateOf(endsAt.AddSeconds(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Instant(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Format(string text, params object?[] args) => string.Format(CultureInfo.InvariantCulture, text, args);
}
