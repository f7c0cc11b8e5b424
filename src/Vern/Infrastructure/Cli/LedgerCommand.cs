using System.CommandLine;
using Vern.Data;
using Vern.Features.Audit;
using Vern.Features.Consent;

namespace Vern.Infrastructure.Cli;

internal static class LedgerCommand
{
    public static Command Create()
    {
        var verify = new Command("verify", "Verify the consent ledger's hash chain and its log's signed tree heads; exits 1 if either is broken.") { TreatUnmatchedTokensAsErrors = false };
        verify.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            await using var app = await VernCommandLine.BuildAndPrepareAsync(result.UnmatchedTokens.ToArray(), migrate: false, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var outcome = await ConsentChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDb>(),
                scope.ServiceProvider.GetRequiredService<ChainCheckpoints>().Read(CheckpointedChain.Consent), scope.ServiceProvider.GetRequiredService<ReceiptKey>(), ct);
            if (outcome.Intact)
            {
                var anchored = outcome.AnchoredAt > 0 ? $" (records up to {outcome.AnchoredAt} were deleted by retention)" : "";
                Console.WriteLine($"The consent ledger is intact: {outcome.Verified} records verified, {outcome.Heads} signed tree heads match them{anchored}.");
                return 0;
            }
            await Console.Error.WriteLineAsync($"The consent ledger is broken at record {outcome.BrokenAt} (last good record {outcome.LastGood}): {outcome.Problem}");
            return 1;
        }));
        return new Command("ledger", "Work with the consent ledger.") { verify };
    }
}
