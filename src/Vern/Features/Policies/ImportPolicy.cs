using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies;

/// <summary>Imports a Markdown policy (with or without front matter) as a new draft version.</summary>
internal static class ImportPolicy
{
    public sealed record Result(PolicyVersion? Version, IReadOnlyList<string> Errors);

    public static async Task<Result> Handle(AppDb db, TimeProvider time, string text, string actor, string? language, CancellationToken ct)
    {
        var document = PolicyDocument.Parse(text, out var errors);
        var problems = errors.ToList();
        var asked = (language ?? document.Language ?? Languages.Default).Trim();
        language = Languages.Match(asked) ?? asked;
        if (!Languages.Supported.Contains(language))
            problems.Add($"The language '{language}' is not one of: {string.Join(", ", Languages.Supported)}.");
        if (document.Body.Length == 0)
            problems.Add("The document has no text.");
        if (document.Title.Length > 200)
            problems.Add("The title is longer than 200 characters.");
        problems.AddRange(PolicyRenderer.UnknownSections(document.Body).Select(s => $"'{{{{vern:{s}}}}}' is not a generated section; use one of: {string.Join(", ", GeneratedSections.Names)}."));
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
