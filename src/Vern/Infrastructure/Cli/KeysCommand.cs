using System.CommandLine;
using Vern.Data;
using Vern.Infrastructure.Crypto;

namespace Vern.Infrastructure.Cli;

internal static class KeysCommand
{
    public static Command Create()
    {
        var rotate = new Command("rotate",
            "Re-wrap every data key with a new master key, with Vern stopped; the data is not touched. With master.key in the data directory, " +
            "a new key is generated and replaces the file. With Vern:MasterKey configured, set the new key there and the old one " +
            "in Vern:RetiredMasterKeys first; this re-wraps everything under the new key. An interrupted rotation resumes when run again.")
        { TreatUnmatchedTokensAsErrors = false };
        rotate.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            await using var app = await VernCommandLine.BuildAndPrepareAsync(result.UnmatchedTokens.ToArray(), migrate: false, ct);
            var source = app.Services.GetRequiredService<MasterKeySource>();
            var outcome = await KeyRotation.RotateAsync(
                app.Services.GetRequiredService<DatabaseSettings>(), source, app.Services.GetRequiredService<KeyStore>(), ct);
            Console.WriteLine($"Re-wrapped {outcome.Rewrapped} data keys with master key {outcome.KeyId}; all {outcome.Verified} data keys verified under it.");
            Console.WriteLine(source.IsConfigured
                ? "Every data key is now under the configured key; remove the old key from Vern:RetiredMasterKeys."
                : $"The new key is in {source.FilePath}; back it up apart from the database and discard copies of the old one.");
            return 0;
        }));
        return new Command("keys", "Manage the master key.") { rotate };
    }
}
