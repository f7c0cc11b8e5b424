using System.Diagnostics;
using System.Globalization;

namespace Vern.Bench;

/// <summary>
/// CPU time of the calling thread, from Linux's scheduler statistics: on a shared machine, work per second of
/// CPU is what says how fast code is, while wall time also counts the waits for a core the others hold.
/// </summary>
internal readonly record struct ThreadCpu(TimeSpan Running, TimeSpan Waiting)
{
    private const string File = "/proc/thread-self/schedstat";

    /// <summary>Time on a core and time runnable but waiting for one, so far; the process's CPU time where Linux's figures are missing.</summary>
    public static ThreadCpu Now()
    {
        if (!System.IO.File.Exists(File))
            return new ThreadCpu(Process.GetCurrentProcess().TotalProcessorTime, TimeSpan.Zero);
        var fields = System.IO.File.ReadAllText(File).Split(' ');
        return new ThreadCpu(
            TimeSpan.FromTicks(long.Parse(fields[0], CultureInfo.InvariantCulture) / 100),
            TimeSpan.FromTicks(long.Parse(fields[1], CultureInfo.InvariantCulture) / 100));
    }

    public static ThreadCpu operator -(ThreadCpu a, ThreadCpu b) => new(a.Running - b.Running, a.Waiting - b.Waiting);

    public static ThreadCpu operator +(ThreadCpu a, ThreadCpu b) => new(a.Running + b.Running, a.Waiting + b.Waiting);
}
