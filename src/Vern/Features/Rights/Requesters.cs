using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights;

/// <summary>
/// The address a request came from, before and after it is known whose it is. A request from the
/// public form gets a requester of its own: a subject holding only the address, sealed with a key
/// of its own and without a lookup hash. Only once the owner of the address confirms is it matched
/// with the person Vern knows; an address nobody knew is forgotten when its request is over.
/// </summary>
internal static class Requesters
{
    /// <summary>
    /// Once the request is confirmed: moves it to the person the address belongs to, if Vern knows
    /// one, and drops the requester; otherwise the requester stands for the person from now on.
    /// Nothing to do for a request already identified or logged by staff. The caller saves.
    /// </summary>
    public static async Task IdentifyAsync(AppDb db, SubjectVault vault, TimeProvider time, RightsRequest request, CancellationToken ct)
    {
        var requester = await db.Subjects.FirstOrDefaultAsync(s => s.Id == request.SubjectId, ct);
        if (requester is not { ShreddedAt: null, EmailLookup: null, Email: not null })
            return;
        if ((await vault.RevealAsync(requester.Id, ct))?.Email is not { } email)
            return;
        if (await vault.FindByEmailAsync(email, ct) is not { } person)
        {
            // An objection or restriction is a mark that must still hold when the address next turns
            // up (a later newsletter sign-up must be suppressed), so only those make the address findable.
            if (request.Type is RightsRequestType.Objection or RightsRequestType.Restriction)
                await vault.MakeFindableAsync(requester, email, ct);
            return;
        }
        if (request.Details is { } sealedDetails && await vault.OpenAsync(requester.Id, "request-details", sealedDetails, ct) is { } details)
            request.Details = await vault.SealAsync(person, "request-details", details, ct);
        // Identifiers linked meanwhile (a browser offered when confirming) belong to the person too.
        foreach (var identifier in await db.SubjectIdentifiers.Where(i => i.SubjectId == requester.Id).ToListAsync(ct))
        {
            if (identifier.Value is { } sealedValue && await vault.OpenIdentifierAsync(requester.Id, identifier.Kind, sealedValue, ct) is { } value)
                await vault.AddIdentifierAsync(person, identifier.Kind, value, ct);
        }
        request.SubjectId = person;
        db.AuditEntries.Add(AuditEntry.Create(time, "system", "rights-request.identified", person, details: $"{request.Type.ToWire()} {request.Id}", requestId: request.Id));
        await vault.ShredAsync(requester.Id, ct);
        db.Subjects.Remove(requester);
    }

    /// <summary>
    /// When a request closes: a subject that holds nothing but its closed requests (an address Vern did
    /// not know, which asked and was answered or never confirmed) is shredded, so neither the address
    /// nor its lookup hash outlives the request. A person with anything else, a restriction or objection
    /// mark, a hold or another open request is left alone. The caller saves.
    /// </summary>
    public static async Task ForgetIfNothingHeldAsync(AppDb db, SubjectVault vault, TimeProvider time, RightsRequest request, CancellationToken ct)
    {
        if (!await NothingHeldAsync(db, request.SubjectId, request.Id, OsloCalendar.Today(time), ct))
            return;
        await ErasedSubjects.ClearAsync(db, vault, request.SubjectId, ct);
        db.AuditEntries.Add(AuditEntry.Create(time, "system", "subject.forgotten", request.SubjectId, details: $"nothing held beyond {request.Type.ToWire()} {request.Id}", requestId: request.Id));
    }

    /// <summary>
    /// Whether Vern holds nothing about the subject any more, and no request of theirs (other than
    /// <paramref name="exceptRequest"/>) is open, no hold, restriction or objection stands: then the person may be
    /// forgotten. Retention forgets a person whose identifiers are all that is left, so it does not count them.
    /// </summary>
    public static async Task<bool> NothingHeldAsync(AppDb db, Guid id, Guid? exceptRequest, DateOnly today, CancellationToken ct, bool countIdentifiers = true) =>
        (await HoldingNothingAsync(db, [id], exceptRequest, today, ct, countIdentifiers)).Contains(id);

    /// <summary>
    /// Which of <paramref name="ids"/> may be forgotten, by the test of <see cref="NothingHeldAsync"/>: a query per
    /// kind of thing held for all of them together, so a retention batch of hundreds of people costs a few queries.
    /// </summary>
    public static async Task<HashSet<Guid>> HoldingNothingAsync(AppDb db, IReadOnlyCollection<Guid> ids, Guid? exceptRequest, DateOnly today, CancellationToken ct, bool countIdentifiers = true)
    {
        var all = ids.Distinct().ToList();
        var free = (await db.Subjects.AsNoTracking()
            .Where(s => all.Contains(s.Id) && s.ShreddedAt == null && s.RestrictedAt == null && s.MarketingObjectionAt == null)
            .Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        if (free.Count == 0)
            return free;
        var left = free.ToList();
        free.ExceptWith(await db.Submissions.Where(s => left.Contains(s.SubjectId)).Select(s => s.SubjectId).Distinct().ToListAsync(ct));
        if (countIdentifiers)
            free.ExceptWith(await db.SubjectIdentifiers.Where(i => left.Contains(i.SubjectId)).Select(i => i.SubjectId).Distinct().ToListAsync(ct));
        free.ExceptWith(await db.AccessPackages.Where(p => left.Contains(p.SubjectId)).Select(p => p.SubjectId).Distinct().ToListAsync(ct));
        // A newsletter subscription is the person's address in use: they are not forgotten from under it.
        free.ExceptWith(await db.Subscribers.Where(s => left.Contains(s.SubjectId)).Select(s => s.SubjectId).Distinct().ToListAsync(ct));
        // Nor is a customer's privacy contact, while they are one: the customer relationship still needs the address.
        free.ExceptWith(await db.CustomerContacts.Where(c => left.Contains(c.SubjectId)).Select(c => c.SubjectId).Distinct().ToListAsync(ct));
        free.ExceptWith(await db.SubjectHolds.Where(h => left.Contains(h.SubjectId) && h.ReleasedAt == null && h.Until >= today).Select(h => h.SubjectId).Distinct().ToListAsync(ct));
        free.ExceptWith(await db.RightsRequests.Where(r => left.Contains(r.SubjectId) && r.Id != exceptRequest
                && r.Status != RightsRequestStatus.Completed && r.Status != RightsRequestStatus.Refused
                && r.Status != RightsRequestStatus.Expired && r.Status != RightsRequestStatus.Unidentified)
            .Select(r => r.SubjectId).Distinct().ToListAsync(ct));
        return free;
    }
}
