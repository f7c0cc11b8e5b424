using Vern.Features.Model;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Retention;

/// <summary>What a run does for one rule: the scope each source applies, and the sources that know its moment.</summary>
internal sealed record RetentionStep(RetentionScope Scope, IReadOnlyList<IRetentionSource> Sources);

/// <summary>
/// Turns the definition in force into the steps of today's run, and says what in it Vern cannot carry out:
/// a rule whose moment no feature knows, or a feature whose records no rule covers. Either is refused at
/// start-up, naming both, so no published retention promise is silently left undone.
/// </summary>
internal static class RetentionPlan
{
    public static IReadOnlyList<RetentionStep> For(PrivacyModel model, IEnumerable<IRetentionSource> sources, DateOnly today)
    {
        var all = sources.ToList();
        var steps = new List<RetentionStep>();
        foreach (var rule in model.Retention.Where(r => !r.CarriedOutElsewhere))
        {
            if (!WireNames.TryParse<RetentionTrigger>(rule.StartsAt, out var trigger)
                || !IsoPeriods.TrySubtract(today.ToDateTime(TimeOnly.MinValue), rule.Period, out var lastDueDay))
                continue;
            var purposes = model.Purposes.Where(p => p.Retention == rule.Id).Select(p => p.Id).ToList();
            // Due on the day the period ends: every record whose clock started before the next day began.
            var before = OsloCalendar.StartOf(DateOnly.FromDateTime(lastDueDay).AddDays(1)).UtcDateTime;
            steps.Add(new RetentionStep(new RetentionScope(rule, trigger, purposes, before), CarryingOut(model, rule, all)));
        }
        return steps;
    }

    /// <summary>The features of Vern that carry out <paramref name="rule"/>: none when it is carried out elsewhere.</summary>
    /// <remarks>
    /// A rule the definition names for Vern's own files (logs, backups) binds to the source of those files, and to the
    /// sources of people's records only when a purpose names it too: it is not a rule of every record collected.
    /// </remarks>
    public static IReadOnlyList<IRetentionSource> CarryingOut(PrivacyModel model, RetentionRule rule, IEnumerable<IRetentionSource> sources)
    {
        if (rule.CarriedOutElsewhere || !WireNames.TryParse<RetentionTrigger>(rule.StartsAt, out var trigger))
            return [];
        var files = model.Keeps.Where(k => k.Value == rule.Id).Select(k => k.Key).ToList();
        var ofPurposes = files.Count == 0 || model.Purposes.Any(p => p.Retention == rule.Id);
        return [.. sources.Where(s => s.Keeps is { } kept ? files.Contains(kept) : ofPurposes && s.Triggers.Contains(trigger))];
    }

    /// <summary>Why Vern cannot keep the definition's retention promises, one sentence each; empty when it can.</summary>
    public static IReadOnlyList<string> Problems(PrivacyModel model, IEnumerable<IRetentionSource> sources)
    {
        var all = sources.ToList();
        var problems = new List<string>();
        foreach (var rule in model.Retention.Where(r => !r.CarriedOutElsewhere))
        {
            if (!WireNames.TryParse<RetentionTrigger>(rule.StartsAt, out var trigger))
                problems.Add($"Retention rule '{rule.Id}' starts at '{rule.StartsAt}', a moment Vern does not know; name the system that carries it out (carriedOutBy).");
            else if (CarryingOut(model, rule, all).Count == 0)
                problems.Add($"Retention rule '{rule.Id}' starts at '{rule.StartsAt}', and no feature of Vern holds records counted from it; "
                    + $"name the system that carries it out (carriedOutBy). Features that carry out rules: {string.Join(", ", all.Select(Describe))}.");
            else if (rule.Action == RetentionAction.Anonymise && CarryingOut(model, rule, all).FirstOrDefault(s => !s.Anonymises) is { } deleting)
                problems.Add($"Retention rule '{rule.Id}' anonymises, and the records of '{deleting.Name}' it covers can only be deleted: "
                    + "make the rule delete them, or name the system that anonymises them (carriedOutBy).");
        }
        var used = model.Retention.Where(r => !r.CarriedOutElsewhere && model.Purposes.Any(p => p.Retention == r.Id))
            .Select(r => WireNames.TryParse<RetentionTrigger>(r.StartsAt, out var t) ? t : (RetentionTrigger?)null)
            .OfType<RetentionTrigger>().ToHashSet();
        // Vern's own files are covered by the rule the definition names for them, or kept until deleted by hand.
        foreach (var source in all.Where(s => s.Keeps is null && !s.Triggers.Any(used.Contains)))
            problems.Add($"The records of '{source.Name}' are covered by no retention rule of a purpose: add a rule starting at one of "
                + $"{string.Join(", ", source.Triggers.Select(t => t.ToWire()))} and give it to the purpose the records serve.");
        problems.AddRange(UnruledFiles(model, all));
        return problems;
    }

    /// <summary>Vern's own files written to a configured directory that the definition names no rule for, so nothing would ever delete them.</summary>
    private static IEnumerable<string> UnruledFiles(PrivacyModel model, IEnumerable<IRetentionSource> sources) =>
        sources.Where(s => s is { Keeps: { } files, ConfiguredBy: not null } && model.RuleFor(files) is null)
            .Select(s => $"{s.ConfiguredBy} is set, so Vern keeps {s.Keeps} there, but the definition names no rule for them: add '{s.Keeps}: <rule id>' "
                + $"at its top level (a rule starting at collection, with a period, carried out by Vern), or unset {s.ConfiguredBy}.");

    private static string Describe(IRetentionSource source) => $"{source.Name} ({string.Join(", ", source.Triggers.Select(t => t.ToWire()))})";
}
