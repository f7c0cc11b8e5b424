using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Vern.Features.Policies;

internal enum DiffLineKind { Unchanged, Added, Removed }

internal sealed record DiffLine(DiffLineKind Kind, string Text);

/// <summary>A readable line-by-line comparison of two versions' Markdown.</summary>
internal static class PolicyDiff
{
    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(before, after, ignoreWhitespace: false);
        return model.Lines
            .Where(l => l.Type != ChangeType.Imaginary)
            .Select(l => new DiffLine(l.Type switch
            {
                ChangeType.Inserted => DiffLineKind.Added,
                ChangeType.Deleted => DiffLineKind.Removed,
                _ => DiffLineKind.Unchanged,
            }, l.Text ?? ""))
            .ToList();
    }
}
