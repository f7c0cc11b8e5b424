using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Consent;

public sealed class LedgerCommandTests
{
    [Fact]
    public async Task Ledger_verify_exits_0_when_intact_and_1_naming_the_record_after_tampering()
    {
        await using var app = await TestApp.StartAsync();
        using (var client = app.CreateClient())
            for (var i = 0; i < 4; i++)
                await ConsentApi.RecordAsync(client);
        string[] args = ["ledger", "verify", $"--Vern:DataDirectory={app.DataDirectory}"];

        var intact = await VernProcess.RunAsync(args);
        Assert.True(intact.ExitCode == 0, intact.Error);
        Assert.Contains("4 records verified", intact.Output, StringComparison.Ordinal);

        await using (var scope = app.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AppDb>().Database
                .ExecuteSqlRawAsync("UPDATE ConsentRecords SET Action = 'accept_all' WHERE Sequence = 2");

        var broken = await VernProcess.RunAsync(args);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken at record 2", broken.Error, StringComparison.Ordinal);
    }
}
