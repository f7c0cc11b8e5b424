using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Features.Subjects;

/// <summary>What Vern may know of a person, in plaintext. Only ever held in memory.</summary>
internal sealed record PersonalDetails(string? Email, string? Name = null, string? Phone = null, string? Company = null);

/// <summary>
/// Stores, finds, reveals and shreds subjects. Personal fields are sealed with the subject's data
/// key; the subject id and field name are bound in as associated data, so a ciphertext copied to
/// another row or column does not decrypt.
/// </summary>
internal sealed partial class SubjectVault(AppDb db, KeyStore keys, LookupHasher hasher, TimeProvider time, ILogger<SubjectVault> logger)
{
    /// <summary>Adds a subject (not yet saved: the caller saves it with whatever else it records).</summary>
    public Task<Subject> AddAsync(PersonalDetails details, CancellationToken ct = default) => AddAsync(details, findable: true, ct);

    /// <inheritdoc cref="AddAsync(PersonalDetails, CancellationToken)"/>
    /// <param name="details">The person's details.</param>
    /// <param name="findable">
    /// False for an address nobody has proved to own yet (a rights request before its confirmation):
    /// no lookup hash is stored, so the subject is found by nothing but its id. See <see cref="MakeFindableAsync"/>.
    /// </param>
    /// <param name="ct">Cancels the key store write.</param>
    public async Task<Subject> AddAsync(PersonalDetails details, bool findable, CancellationToken ct = default)
    {
        var subject = new Subject { Id = Guid.CreateVersion7(time.GetUtcNow()), CreatedAt = time.GetUtcNow().UtcDateTime };
        var key = await keys.CreateDataKeyAsync(subject.Id.ToString(), ct);
        try
        {
            Seal(subject, details, key);
            if (details.Email is not null && findable)
                subject.EmailLookup = await hasher.HashEmailAsync(details.Email, ct);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        db.Subjects.Add(subject);
        LogAdded(logger, subject.Id);
        return subject;
    }

    /// <summary>
    /// Seals the given details into the subject's fields that are still empty, never over a value
    /// already held (not saved: the caller saves it with whatever else it records).
    /// </summary>
    public async Task FillMissingAsync(Subject subject, PersonalDetails details, CancellationToken ct = default)
    {
        var key = await keys.GetDataKeyAsync(subject.Id.ToString(), ct) ?? throw new InvalidOperationException("The subject was shredded.");
        try
        {
            subject.Name ??= SealField(key, subject.Id, nameof(Subject.Name), details.Name);
            subject.Phone ??= SealField(key, subject.Id, nameof(Subject.Phone), details.Phone);
            subject.Company ??= SealField(key, subject.Id, nameof(Subject.Company), details.Company);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public async Task<Guid?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        var lookup = await hasher.HashEmailAsync(email, ct);
        return await db.Subjects.Where(s => s.EmailLookup == lookup).OrderBy(s => s.Id).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Gives a subject added with <c>findable: false</c> the lookup hash of its address (not saved).</summary>
    public async Task MakeFindableAsync(Subject subject, string email, CancellationToken ct = default) =>
        subject.EmailLookup = await hasher.HashEmailAsync(email, ct);

    public async Task<Guid?> FindByIdentifierAsync(string kind, string value, CancellationToken ct = default)
    {
        var lookup = await hasher.HashIdentifierAsync(kind, value, ct);
        return await db.SubjectIdentifiers.Where(i => i.Kind == kind && i.Lookup == lookup).OrderBy(i => i.Id).Select(i => (Guid?)i.SubjectId).FirstOrDefaultAsync(ct);
    }

    /// <summary>The person each of these identifiers is linked to, for those linked to one, in one read.</summary>
    public async Task<Dictionary<string, Guid>> FindByIdentifiersAsync(string kind, IEnumerable<string> values, CancellationToken ct = default)
    {
        var hashed = await hasher.HashIdentifiersAsync(kind, values, ct);
        var lookups = hashed.Lookups;
        // One array parameter, however many values (as ProcessingGate's consent records).
        var found = await db.SubjectIdentifiers.AsNoTracking().Where(i => i.Kind == kind && EF.Parameter(lookups).Contains(i.Lookup))
            .OrderBy(i => i.Id).Select(i => new { i.Lookup, i.SubjectId }).ToListAsync(ct);
        return found.GroupBy(i => hashed.OwnerOf(i.Lookup)).ToDictionary(g => g.Key, g => g.First().SubjectId);
    }

    public async Task AddIdentifierAsync(Guid subjectId, string kind, string value, CancellationToken ct = default)
    {
        var key = await keys.GetDataKeyAsync(subjectId.ToString(), ct) ?? throw new InvalidOperationException("The subject was shredded.");
        var identifier = new SubjectIdentifier { Id = Guid.CreateVersion7(time.GetUtcNow()), SubjectId = subjectId, Kind = kind };
        identifier.Lookup = await hasher.HashIdentifierAsync(kind, value, ct);
        identifier.Value = Aead.Seal(key, Encoding.UTF8.GetBytes(value), Context(subjectId, IdentifierField(kind)));
        CryptographicOperations.ZeroMemory(key);
        db.SubjectIdentifiers.Add(identifier);
    }

    /// <summary>Opens an identifier added with <see cref="AddIdentifierAsync"/>; null once the subject was shredded.</summary>
    public Task<string?> OpenIdentifierAsync(Guid subjectId, string kind, byte[] sealedValue, CancellationToken ct = default) =>
        OpenAsync(subjectId, IdentifierField(kind), sealedValue, ct);

    /// <summary>Seals a value that belongs to a subject (such as what they wrote in a request) with their data key.</summary>
    public Task<byte[]> SealAsync(Guid subjectId, string field, string value, CancellationToken ct = default) =>
        SealBytesAsync(subjectId, field, Encoding.UTF8.GetBytes(value), ct);

    /// <summary>Opens a value sealed with <see cref="SealAsync"/>; null once the subject was shredded.</summary>
    public async Task<string?> OpenAsync(Guid subjectId, string field, byte[] sealedValue, CancellationToken ct = default) =>
        await OpenBytesAsync(subjectId, field, sealedValue, ct) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Seals binary content that belongs to a subject (such as an access package) with their data key.</summary>
    public async Task<byte[]> SealBytesAsync(Guid subjectId, string field, byte[] value, CancellationToken ct = default)
    {
        var key = await keys.GetDataKeyAsync(subjectId.ToString(), ct) ?? throw new InvalidOperationException("The subject was shredded.");
        try
        {
            return Aead.Seal(key, value, Context(subjectId, field));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens content sealed with <see cref="SealBytesAsync"/>; null once the subject was shredded.</summary>
    public async Task<byte[]?> OpenBytesAsync(Guid subjectId, string field, byte[] sealedValue, CancellationToken ct = default)
    {
        var key = await keys.GetDataKeyAsync(subjectId.ToString(), ct);
        if (key is null)
            return null;
        try
        {
            return Aead.Open(key, sealedValue, Context(subjectId, field));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Decrypts a subject's details, or returns null when the subject is unknown or shredded.
    /// Staff-facing callers must write an audit entry for every call.
    /// </summary>
    public async Task<PersonalDetails?> RevealAsync(Guid subjectId, CancellationToken ct = default)
    {
        var subject = await db.Subjects.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subjectId, ct);
        if (subject is null || subject.ShreddedAt is not null)
            return null;
        var key = await keys.GetDataKeyAsync(subjectId.ToString(), ct);
        if (key is null)
            return null;
        try
        {
            return new PersonalDetails(
                Open(key, subject.Id, nameof(Subject.Email), subject.Email),
                Open(key, subject.Id, nameof(Subject.Name), subject.Name),
                Open(key, subject.Id, nameof(Subject.Phone), subject.Phone),
                Open(key, subject.Id, nameof(Subject.Company), subject.Company));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The e-mail addresses of those of <paramref name="subjectIds"/> who are neither unknown nor shredded, in two reads
    /// (the subjects and their keys) rather than two each: a campaign's slice of recipients.
    /// </summary>
    public async Task<Dictionary<Guid, string>> RevealEmailsAsync(IReadOnlyCollection<Guid> subjectIds, CancellationToken ct = default)
    {
        var ids = subjectIds.Distinct().ToList();
        var subjects = await db.Subjects.AsNoTracking().Where(s => ids.Contains(s.Id) && s.ShreddedAt == null).Select(s => new { s.Id, s.Email }).ToListAsync(ct);
        var found = await keys.GetDataKeysAsync([.. subjects.Select(s => s.Id.ToString())], ct);
        var emails = new Dictionary<Guid, string>();
        try
        {
            foreach (var subject in subjects)
                if (found.TryGetValue(subject.Id.ToString(), out var key) && Open(key, subject.Id, nameof(Subject.Email), subject.Email) is { } email)
                    emails[subject.Id] = email;
        }
        finally
        {
            foreach (var key in found.Values)
                CryptographicOperations.ZeroMemory(key);
        }
        return emails;
    }

    /// <summary>
    /// Art. 16: replaces the fields of <paramref name="corrections"/> that are not null, sealed anew;
    /// a new address also gets a new lookup hash. Returns false when the subject is unknown or shredded.
    /// </summary>
    public async Task<bool> RectifyAsync(Guid subjectId, PersonalDetails corrections, CancellationToken ct = default)
    {
        var subject = await db.Subjects.FirstOrDefaultAsync(s => s.Id == subjectId, ct);
        var key = subject is null || subject.ShreddedAt is not null ? null : await keys.GetDataKeyAsync(subjectId.ToString(), ct);
        if (key is null)
            return false;
        try
        {
            if (corrections.Email is not null)
            {
                subject!.Email = SealField(key, subjectId, nameof(Subject.Email), corrections.Email);
                subject.EmailLookup = await hasher.HashEmailAsync(corrections.Email, ct);
            }
            if (corrections.Name is not null)
                subject!.Name = SealField(key, subjectId, nameof(Subject.Name), corrections.Name);
            if (corrections.Phone is not null)
                subject!.Phone = SealField(key, subjectId, nameof(Subject.Phone), corrections.Phone);
            if (corrections.Company is not null)
                subject!.Company = SealField(key, subjectId, nameof(Subject.Company), corrections.Company);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Clears the subject's sealed fields and identifiers and marks it shredded (not saved). Its data
    /// key is destroyed by <see cref="KeyShredding"/> once the caller's save is committed.
    /// </summary>
    public async Task<bool> ShredAsync(Guid subjectId, CancellationToken ct = default) => await ShredAsync([subjectId], ct) > 0;

    /// <summary>Shreds many subjects in as many queries as one (a retention batch); returns how many were found.</summary>
    public async Task<int> ShredAsync(IReadOnlyCollection<Guid> subjectIds, CancellationToken ct = default)
    {
        var ids = subjectIds.Distinct().ToList();
        var subjects = await db.Subjects.Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        foreach (var subject in subjects)
        {
            subject.Email = subject.Name = subject.Phone = subject.Company = subject.EmailLookup = null;
            subject.ShreddedAt ??= time.GetUtcNow().UtcDateTime;
            db.KeysToDestroy.Add(subject.Id);
        }
        var found = subjects.Select(s => s.Id).ToList();
        // Through the change tracker, so identifiers an erasure already removed are not deleted twice.
        db.SubjectIdentifiers.RemoveRange(await db.SubjectIdentifiers.Where(i => found.Contains(i.SubjectId)).ToListAsync(ct));
        return subjects.Count;
    }

    /// <summary>
    /// Seals a new subject's details with its data key (not saved). Also for a bulk import that writes its
    /// keys and rows in batches of its own, so what it stores is what <see cref="AddAsync(PersonalDetails, bool, CancellationToken)"/> would.
    /// </summary>
    internal static void Seal(Subject subject, PersonalDetails details, byte[] key)
    {
        subject.Email = SealField(key, subject.Id, nameof(Subject.Email), details.Email);
        subject.Name = SealField(key, subject.Id, nameof(Subject.Name), details.Name);
        subject.Phone = SealField(key, subject.Id, nameof(Subject.Phone), details.Phone);
        subject.Company = SealField(key, subject.Id, nameof(Subject.Company), details.Company);
    }

    private static byte[]? SealField(byte[] key, Guid subjectId, string field, string? value) =>
        value is null ? null : Aead.Seal(key, Encoding.UTF8.GetBytes(value), Context(subjectId, field));

    private static string? Open(byte[] key, Guid subjectId, string field, byte[]? value) =>
        value is null ? null : Encoding.UTF8.GetString(Aead.Open(key, value, Context(subjectId, field)));

    /// <summary>Seals a value of the subject's under <paramref name="field"/> with a data key the caller holds (a bulk import).</summary>
    internal static byte[] SealWith(byte[] key, Guid subjectId, string field, string value) =>
        Aead.Seal(key, Encoding.UTF8.GetBytes(value), Context(subjectId, field));

    /// <summary>The field an identifier of <paramref name="kind"/> is sealed under.</summary>
    internal static string IdentifierField(string kind) => "identifier:" + kind;

    private static byte[] Context(Guid subjectId, string field) => Encoding.UTF8.GetBytes($"{subjectId:N}/{field}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Subject {SubjectId} added")]
    private static partial void LogAdded(ILogger logger, Guid subjectId);
}
