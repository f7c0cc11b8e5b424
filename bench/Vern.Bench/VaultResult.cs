namespace Vern.Bench;

/// <summary>What one provider measured.</summary>
internal sealed record VaultResult(
    BenchProvider Provider,
    int Subjects,
    int BatchSize,
    TimeSpan AddTime,
    TimeSpan SaveTime,
    Percentiles Find,
    Percentiles FindAndReveal,
    double? LoadBefore,
    double? LoadAfter)
{
    /// <summary>The ceiling from the issue: p95 of a lookup by e-mail at 100,000 subjects.</summary>
    public const double P95CeilingMs = 2.0;

    public TimeSpan SeedingTime => AddTime + SaveTime;

    public double SubjectsPerSecond => Subjects / SeedingTime.TotalSeconds;

    public bool MeetsCeiling => FindAndReveal.P95 <= P95CeilingMs;
}
