using System.CommandLine;
using Vern.Data;
using Vern.Features.Audit;

namespace Vern.Infrastructure.Cli;

internal static class AuditCommand
{
    public static Command Create()
    {
        var verify = new Command("verify", "Verify the hash chain of the audit trail; exits 1 if it is broken.") { TreatUnmatchedTokensAsErrors = false };
        verify.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            await using var app = await VernCommandLine.BuildAndPrepareAsync(result.UnmatchedTokens.ToArray(), migrate: false, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var outcome = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(),
                scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Audit), ct);
            if (outcome.Intact)
            {
                Console.WriteLine($"The audit trail is intact: {outcome.Verified} entries verified.");
                return 0;
            }
            await Console.Error.WriteLineAsync($"The audit trail is broken after entry {outcome.Verified}: {outcome.Problem}");
            return 1;
        }));
        return new Command("audit", "Work with the audit trail.") { verify };
    }
}
