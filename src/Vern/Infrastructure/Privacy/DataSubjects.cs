using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Subjects;
using Vern.Infrastructure.Texts;

namespace Vern.Infrastructure.Privacy;

internal static class DataSubjects
{
    /// <summary>The identifier kind under which consent-cookie visitor ids are linked to a subject.</summary>
    public const string VisitorIdKind = "visitor-id";

    /// <summary>Loads what identifies the person to every source; null once the subject was shredded.</summary>
    public static async Task<DataSubject?> LoadAsync(AppDb db, SubjectVault vault, Guid subjectId, CancellationToken ct, string language = Languages.Default)
    {
        var details = await vault.RevealAsync(subjectId, ct);
        if (details is null)
            return null;
        var visitorIds = await VisitorIdsAsync(db, vault, subjectId, ct);
        return new DataSubject(subjectId, details.Email, visitorIds, language);
    }

    /// <summary>The consent-cookie visitor ids linked to the person, opened with their data key.</summary>
    public static async Task<List<string>> VisitorIdsAsync(AppDb db, SubjectVault vault, Guid subjectId, CancellationToken ct)
    {
        var sealedIds = await db.SubjectIdentifiers.AsNoTracking()
            .Where(i => i.SubjectId == subjectId && i.Kind == VisitorIdKind && i.Value != null)
            .Select(i => i.Value!)
            .ToListAsync(ct);
        var visitorIds = new List<string>();
        foreach (var value in sealedIds)
            if (await vault.OpenIdentifierAsync(subjectId, VisitorIdKind, value, ct) is { } id)
                visitorIds.Add(id);
        return visitorIds;
    }
}
