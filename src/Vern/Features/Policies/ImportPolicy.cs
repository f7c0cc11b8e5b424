using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Features.Policies;

/// <summary>Imports a Markdown policy (with or without front matter) as a new draft version.</summary>
internal static class ImportPolicy
{
    public sealed record Result(PolicyVersion? Version, IReadOnlyList<string> Errors);

    public static async Task<Result> Handle(AppDb db, TimeProvider time, string text, string actor, string? language, CancellationToken ct)
    {
        var document = PolicyDocument.Parse(text, out var errors);
        var (checkedLanguage, problems) = document.CheckAsDraft(language);
        language = checkedLanguage;
        problems = [.. errors, .. problems];
        if (problems.Count > 0)
            return new Result(null, problems);

        var number = (await db.PolicyVersions.Where(v => v.Language == language).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = new PolicyVersion
        {
            Number = number,
            Language = language,
            Title = document.Title,
            Description = document.Description,
            SourceUrl = document.Url,
            Markdown = document.Body,
            Status = PolicyStatus.Draft,
            EffectiveDate = document.Date,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
        };
        db.PolicyVersions.Add(version);
        db.AuditEntries.Add(AuditEntry.Create(time, actor, "policy.drafted", details: $"{language} version {number}: {document.Title}"));
        await db.SaveChangesAsync(ct);
        return new Result(version, []);
    }
}
