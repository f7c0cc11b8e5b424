using System.Diagnostics;

namespace Vern.Bench;

/// <summary>
/// Counts the commands and commits EF Core runs against the main database, through its diagnostic
/// events, so the benchmark can say how many round trips a request makes without touching the app.
/// Commands the app sends on the raw connection (the ledger writer's INSERT) and key-store reads
/// (plain ADO.NET) are not among them.
/// </summary>
internal sealed class EfCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string Executed = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private const string Committed = "Microsoft.EntityFrameworkCore.Database.Transaction.TransactionCommitted";
    private readonly List<IDisposable> subscriptions = [];
    private long commands;
    private long commits;

    public EfCommandCounter() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public long Commands => Interlocked.Read(ref commands);

    public long Commits => Interlocked.Read(ref commits);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore")
            lock (subscriptions)
                subscriptions.Add(value.Subscribe(this, (name, _, _) => name is Executed or Committed));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == Executed)
            Interlocked.Increment(ref commands);
        else if (value.Key == Committed)
            Interlocked.Increment(ref commits);
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
}
