namespace Vern.Bench;

/// <summary>
/// Who made the seeded consent decisions. Visitors 0 to <see cref="LinkedVisitors"/> − 1 belong to
/// the seeded subjects (1 or 2 browsers each, 4 to 6 decisions per browser, so an access package
/// has realistic volume); the rest are anonymous visitors who never gave their address (1 to 3
/// decisions each), and make up most of the ledger. Visitor ids are as long as those Vern issues (32
/// bytes, base64url); being written straight into the tables, they need no valid tag.
/// </summary>
internal sealed class SyntheticConsent
{
    private readonly int[] firstVisitor;

    private SyntheticConsent(int[] firstVisitor, string[] visitorIds, int[] records, long total)
    {
        this.firstVisitor = firstVisitor;
        VisitorIds = visitorIds;
        RecordsPerVisitor = records;
        Total = total;
    }

    public string[] VisitorIds { get; }

    public int[] RecordsPerVisitor { get; }

    public long Total { get; }

    public int LinkedVisitors => firstVisitor[^1];

    public static SyntheticConsent Plan(int subjects, int totalRecords, int seed)
    {
        var random = new Random(seed);
        var firstVisitor = new int[subjects + 1];
        var records = new List<int>();
        long linkedRecords = 0;
        for (var n = 0; n < subjects; n++)
        {
            firstVisitor[n] = records.Count;
            for (var browsers = 1 + random.Next(2); browsers > 0; browsers--)
            {
                var count = random.Next(4, 7);
                records.Add(count);
                linkedRecords += count;
            }
        }
        firstVisitor[subjects] = records.Count;
        if (linkedRecords > totalRecords)
            throw new ArgumentException($"--consent-records must be at least {linkedRecords:N0} for {subjects:N0} subjects: their own browsers alone made that many decisions.");
        for (var left = totalRecords - linkedRecords; left > 0;)
        {
            var count = (int)Math.Min(left, random.Next(1, 4));
            records.Add(count);
            left -= count;
        }

        var ids = new string[records.Count];
        Span<byte> bytes = stackalloc byte[32];
        for (var v = 0; v < ids.Length; v++)
        {
            random.NextBytes(bytes);
            ids[v] = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        return new SyntheticConsent(firstVisitor, ids, [.. records], totalRecords);
    }

    /// <summary>One visitor id per subject, given, each with one record: a newsletter subscription's consent id, say.</summary>
    public static SyntheticConsent OnePerSubject(string[] visitorIds) =>
        new([.. Enumerable.Range(0, visitorIds.Length + 1)], visitorIds, [.. visitorIds.Select(_ => 1)], visitorIds.Length);

    /// <summary>The visitors (browsers) linked to subject n.</summary>
    public Range VisitorsOf(int subject) => firstVisitor[subject]..firstVisitor[subject + 1];

    /// <summary>How many consent records the subject's browsers made, as their access package must show.</summary>
    public int RecordsOf(int subject)
    {
        var sum = 0;
        for (var v = firstVisitor[subject]; v < firstVisitor[subject + 1]; v++)
            sum += RecordsPerVisitor[v];
        return sum;
    }
}
