using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Policies.Notices;

namespace Vern.Features.Subjects;

/// <summary>The vault's people for a notice of change: those whose form submissions it keeps for one of the purposes, and not yet forgotten.</summary>
internal sealed class SubmissionContacts(AppDb db) : IContactHolder
{
    public async Task<IReadOnlyDictionary<Guid, string?>> ContactsAsync(IReadOnlyCollection<string> purposes, CancellationToken ct) =>
        (await (from submission in db.Submissions
                join subject in db.Subjects on submission.SubjectId equals subject.Id
                where purposes.Contains(submission.Purpose) && subject.ShreddedAt == null && subject.Email != null
                select subject.Id).Distinct().ToListAsync(ct))
        .ToDictionary(id => id, _ => (string?)null);
}
