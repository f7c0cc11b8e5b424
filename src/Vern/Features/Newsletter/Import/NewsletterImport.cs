using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter.Import;

/// <summary>One valid row of an import: the address, the language to write in, and the basis and source it was given with.</summary>
internal sealed record ImportRow(int Line, string Email, string Language, ImportBasis Basis, string Source);

/// <summary>What an import did: people asked to confirm, and rows skipped, by why.</summary>
internal sealed record ImportOutcome(int Asked, int Suppressed, int AlreadySubscribed, int Refused, int Repeated);

/// <summary>
/// Imports a CSV of addresses (privacy officer or marketing). Every row must give its basis (<c>consent</c> given
/// outside Vern, or <c>customer</c>) and its source, which are kept with the subscription and shown in the person's access
/// package. An imported person is sent the confirmation e-mail anyone who signs up gets, and is subscribed only when they
/// confirm, so the ledger holds their consent like everyone else's. A suppressed address (the person unsubscribed) is
/// skipped and counted, never asked again; so are subscribed addresses and people the processing gate refuses (an
/// objection, an erasure under way). A file with any invalid row imports nothing, and every problem is named by its line.
/// </summary>
internal sealed class NewsletterImport(
    AppDb db, SubjectVault vault, LookupHasher hasher, ProcessingGate gate, Subscriptions subscriptions, MailOutbox outbox, TimeProvider time)
{
    public const int MaxSource = 200;
    public const int MaxRows = 10_000;
    public const long MaxBytes = 2 * 1024 * 1024;
    private const int Batch = 200;
    private static readonly string[] Required = ["email", "basis", "source"];

    private static readonly CsvConfiguration Reading = new(CultureInfo.InvariantCulture)
    {
        PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
        MissingFieldFound = null,
        BadDataFound = null,
        DetectDelimiter = true,
        DetectDelimiterValues = [",", ";", "\t"],
        TrimOptions = TrimOptions.Trim,
    };

    /// <summary>
    /// Reads the file: a header row naming <c>email</c>, <c>basis</c> and <c>source</c> (and <c>language</c>, optional,
    /// <c>en</c> when empty), then a row per person. Returns the rows, or the problems, each with its line.
    /// </summary>
    public static (IReadOnlyList<ImportRow> Rows, IReadOnlyList<string> Problems) Read(TextReader text)
    {
        var rows = new List<ImportRow>();
        var problems = new List<string>();
        using var csv = new CsvReader(text, Reading);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            return ([], ["The file is empty: the first line must name the columns email, basis and source (and language, if you like)."]);
        var missing = Required.Where(c => !header.Any(h => h.Trim().Equals(c, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
            return ([], [$"Line 1: the columns {string.Join(", ", missing)} are missing; the first line must name email, basis and source (and language, if you like)."]);
        while (csv.Read())
        {
            var line = csv.Parser.Row;
            if (rows.Count + problems.Count >= MaxRows)
            {
                problems.Add($"Line {line}: at most {MaxRows:N0} people can be imported at once; split the file.");
                break;
            }
            var email = csv.GetField("email") ?? "";
            var language = csv.GetField("language") is { Length: > 0 } given ? given : Languages.Default;
            var basis = csv.GetField("basis") ?? "";
            var source = csv.GetField("source") ?? "";
            var errors = new List<string>();
            if (!Subscriptions.IsAddress(email))
                errors.Add("email: not one e-mail address");
            if (Languages.Match(language) is null || language.Length > 8)
                errors.Add($"language: must be one of {string.Join(", ", Languages.Supported)}");
            if (!WireNames.TryParse<ImportBasis>(basis.ToLowerInvariant(), out var parsed))
                errors.Add($"basis: must be one of {string.Join(", ", WireNames.All<ImportBasis>())}");
            if (string.IsNullOrWhiteSpace(source) || source.Length > MaxSource || source.Any(char.IsControl))
                errors.Add($"source: say where the person gave the address, in at most {MaxSource} characters on one line");
            if (errors.Count > 0)
                problems.Add($"Line {line}: {string.Join("; ", errors)}.");
            else
                rows.Add(new ImportRow(line, email.Trim(), Languages.Match(language)!, parsed, source.Trim()));
        }
        if (rows.Count == 0 && problems.Count == 0)
            problems.Add("The file has no rows after its header.");
        return (rows, problems);
    }

    /// <summary>Imports valid rows (see <see cref="Read"/>), a batch of rows and their confirmation e-mails per commit.</summary>
    public async Task<ImportOutcome> ImportAsync(IReadOnlyList<ImportRow> rows, string staff, CancellationToken ct)
    {
        int asked = 0, suppressed = 0, subscribed = 0, refused = 0, repeated = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in rows.Chunk(Batch))
        {
            foreach (var row in batch)
            {
                var lookup = await hasher.HashEmailAsync(row.Email, ct);
                if (!seen.Add(Convert.ToHexString(lookup)))
                {
                    repeated++;
                    continue;
                }
                if (await db.NewsletterSuppressions.AnyAsync(s => s.EmailLookup == lookup, ct))
                {
                    suppressed++;
                    continue;
                }
                var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.EmailLookup == lookup, ct);
                if (subscriber is { Status: SubscriberStatus.Subscribed })
                {
                    subscribed++;
                    continue;
                }
                var subjectId = subscriber?.SubjectId ?? await vault.FindByEmailAsync(row.Email, ct);
                if (subjectId is { } known && Subscriptions.SignUpRefusal((await gate.CheckAsync(known, NewsletterConsent.Purpose, null, ct)).Refusal) is not null)
                {
                    refused++;
                    continue;
                }
                subjectId ??= (await vault.AddAsync(new PersonalDetails(row.Email), ct)).Id;
                subscriber = await subscriptions.AskToConfirmAsync(subscriber, subjectId.Value, row.Email, lookup, row.Language, ct);
                subscriber.ImportBasis = row.Basis;
                subscriber.ImportSource = row.Source;
                subscriber.ImportedAt = time.GetUtcNow().UtcDateTime;
                db.AuditEntries.Add(AuditEntry.Create(time, staff, "newsletter.imported", subjectId, details: $"basis {row.Basis.ToWire()}, source: {row.Source}; confirmation sent"));
                asked++;
            }
            await db.SaveChangesAsync(ct);
            await outbox.DeliverAddedAsync(ct);
        }
        var outcome = new ImportOutcome(asked, suppressed, subscribed, refused, repeated);
        db.AuditEntries.Add(AuditEntry.Create(time, staff, "newsletter.import",
            details: $"{rows.Count} rows: {asked} asked to confirm, {suppressed} suppressed, {subscribed} already subscribed, {refused} refused, {repeated} repeated"));
        await db.SaveChangesAsync(ct);
        return outcome;
    }
}
