using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vern.Bench;

/// <summary>
/// Where a run's database time goes: every command EF Core runs while recording is on, grouped by its SQL
/// (parameterised, so one query of the code is one group), and every commit as COMMIT, with count and total time. Read through EF's
/// diagnostic events, so the app is not touched; raw ADO.NET (the key store, the ledger writer) is not in it.
/// </summary>
internal sealed class CommandProfile : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string Executed = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    // A commit is where SQLite syncs its WAL (and may checkpoint it), all while the writer is held: time of the run's too.
    private const string Committed = "Microsoft.EntityFrameworkCore.Database.Transaction.TransactionCommitted";
    private readonly List<IDisposable> subscriptions = [];
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public CommandProfile() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    /// <summary>Only commands on this async flow are counted (the run's), not the requests served beside it.</summary>
    public AsyncLocal<bool> Recording { get; } = new();

    public IReadOnlyList<(string Sql, long Count, TimeSpan Total, TimeSpan Max)> Top(int count) =>
        [.. entries.OrderByDescending(e => e.Value.Ticks).Take(count)
            .Select(e => (e.Key, e.Value.Count, TimeSpan.FromTicks(e.Value.Ticks), TimeSpan.FromTicks(e.Value.MaxTicks)))];

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore")
            lock (subscriptions)
                subscriptions.Add(value.Subscribe(this, (name, _, _) => name is Executed or Committed));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (!Recording.Value)
            return;
        var (sql, duration) = value.Value switch
        {
            CommandExecutedEventData executed => (string.Join(' ', executed.Command.CommandText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), executed.Duration),
            TransactionEndEventData committed => ("COMMIT", committed.Duration),
            _ => (null, TimeSpan.Zero),
        };
        if (sql is null)
            return;
        var entry = entries.GetOrAdd(sql, _ => new Entry());
        lock (entry)
        {
            entry.Count++;
            entry.Ticks += duration.Ticks;
            entry.MaxTicks = Math.Max(entry.MaxTicks, duration.Ticks);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
            foreach (var subscription in subscriptions)
                subscription.Dispose();
    }

    private sealed class Entry
    {
        public long Count { get; set; }

        public long Ticks { get; set; }

        public long MaxTicks { get; set; }
    }
}
