using Vern.Data;
using Vern.Features.Consent;

namespace Vern.Features.Audit;

/// <summary>Appends a signed checkpoint for each chain whose head moved since its last checkpoint.</summary>
internal static class WriteCheckpoints
{
    public static async Task<int> Handle(AppDb db, ChainCheckpoints checkpoints, TimeProvider time, CancellationToken ct)
    {
        var written = 0;
        written += Write(checkpoints, time, CheckpointedChain.Audit, await AuditChain.HeadAsync(db, ct));
        written += Write(checkpoints, time, CheckpointedChain.Consent, await ConsentChain.HeadAsync(db, ct));
        return written;
    }

    private static int Write(ChainCheckpoints checkpoints, TimeProvider time, CheckpointedChain chain, (long Size, string Head)? head)
    {
        if (head is not { } current || checkpoints.Latest(chain) is { } last && last.Size == current.Size && last.Head == current.Head)
            return 0;
        checkpoints.Append(new Checkpoint(chain, current.Size, current.Head, time.GetUtcNow().UtcDateTime));
        return 1;
    }
}
