using System.CommandLine;
using Vern.Features.Staff;

namespace Vern.Infrastructure.Cli;

internal static class StaffCommand
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The staff member's e-mail address (their user name).", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", StaffRoles.All)}.", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (so it stays out of shell history)." };
        var add = new Command("add", "Create a staff account.") { email, role, passwordStdin };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((result, ct) => VernCommandLine.Run(async () =>
        {
            if (!result.GetValue(passwordStdin))
            {
                await Console.Error.WriteLineAsync("Give the password on standard input with --password-stdin.");
                return 2;
            }
            var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            await using var app = await VernCommandLine.BuildAndPrepareAsync(result.UnmatchedTokens.ToArray(), migrate: true, ct);
            await using var scope = app.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
            var created = await accounts.CreateAsync(result.GetValue(email)!.Trim(), result.GetValue(role)!.Trim(), password, actor: "cli");
            if (!created.Succeeded)
            {
                foreach (var error in created.Errors)
                    await Console.Error.WriteLineAsync(error.Description);
                return 1;
            }
            Console.WriteLine($"Created {result.GetValue(email)} as {result.GetValue(role)}. Sign in at /admin/login.");
            return 0;
        }));
        return new Command("staff", "Manage staff accounts.") { add };
    }
}
