using Vern.Features.Model;

namespace Vern.Features.Centre;

internal enum SubprocessorChangeKind { Listed, Added, Removed, Changed }

/// <summary>One change to the public sub-processor list, as of a version of the privacy model.</summary>
internal sealed record SubprocessorChange(DateTime At, int Version, SubprocessorChangeKind Kind, Recipient Recipient, Recipient? Before);


/// <summary>
/// Derives the history of the sub-processor list by comparing consecutive model versions, so the
/// feed needs no table of its own and cannot disagree with what was published.
/// </summary>
internal static class SubprocessorChanges
{
    /// <summary>Every change, newest first.</summary>
    public static IReadOnlyList<SubprocessorChange> From(IReadOnlyList<DatedModel> versions)
    {
        var changes = new List<SubprocessorChange>();
        Dictionary<string, Recipient>? previous = null;
        foreach (var version in versions.OrderBy(v => v.Version))
        {
            var current = SubprocessorList.Of(version.Model).ToDictionary(r => r.Id);
            if (previous is null)
            {
                // The first version published the list as it stood; each entry keeps the date it was first listed.
                changes.AddRange(current.Values.Select(r => new SubprocessorChange(
                    r.ListedSince?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) ?? version.At, version.Version, SubprocessorChangeKind.Listed, r, null)));
            }
            else
            {
                foreach (var (id, recipient) in current)
                {
                    if (!previous.TryGetValue(id, out var before))
                        changes.Add(new SubprocessorChange(version.At, version.Version, SubprocessorChangeKind.Added, recipient, null));
                    else if (MovesData(before, recipient))
                        changes.Add(new SubprocessorChange(version.At, version.Version, SubprocessorChangeKind.Changed, recipient, before));
                }
                foreach (var (id, before) in previous)
                {
                    if (!current.ContainsKey(id))
                        changes.Add(new SubprocessorChange(version.At, version.Version, SubprocessorChangeKind.Removed, before, null));
                }
            }
            previous = current;
        }
        return changes.OrderByDescending(c => c.At).ThenByDescending(c => c.Version).ThenBy(c => c.Recipient.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Changes customers may object to: where the data goes and what protects it on the way.</summary>
    public static bool MovesData(Recipient before, Recipient after) =>
        !string.Equals(before.Country, after.Country, StringComparison.OrdinalIgnoreCase)
        || before.Transfer?.Mechanism != after.Transfer?.Mechanism
        || before.Transfer?.Module != after.Transfer?.Module;
}
