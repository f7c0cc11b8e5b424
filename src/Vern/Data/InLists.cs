namespace Vern.Data;

/// <summary>
/// How many values one query's <c>IN</c> list holds at most; longer lists are asked in parts. On SQLite each value is a
/// parameter bound by its name, and a name is found by walking the statement's parameters, so one list of n values
/// costs about n² steps: the statistics writer's two lists of 1,600 visitor ids a batch took most of its time
/// (bench/README.md, <c>analytics</c>).
/// </summary>
internal static class InLists
{
    public const int MaxValues = 200;

    /// <summary>Runs <paramref name="read"/> for each part of at most <see cref="MaxValues"/> values, and gathers what it found.</summary>
    public static async Task<List<TRow>> ReadAsync<TValue, TRow>(IEnumerable<TValue> values, Func<TValue[], Task<List<TRow>>> read)
    {
        var found = new List<TRow>();
        foreach (var part in values.Chunk(MaxValues))
            found.AddRange(await read(part));
        return found;
    }
}
