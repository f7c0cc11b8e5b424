using Microsoft.AspNetCore.Identity;

namespace Vern.Features.Staff;

/// <summary>
/// Refuses passwords found in lists of commonly used passwords, and ones built from the
/// account's own e-mail address, as NIST SP 800-63B asks.
/// </summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<StaffUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
            return Task.FromResult(IdentityResult.Success);
        var lowered = password.ToLowerInvariant();
        var local = user.Email?.Split('@')[0].ToLowerInvariant();
        if (Common.Value.Contains(lowered) || Common.Value.Contains(StripDigits(lowered)) || lowered.Distinct().Count() <= 2)
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is too common; choose a passphrase of a few unrelated words." }));
        if (local is { Length: >= 3 } && lowered.Contains(local, StringComparison.Ordinal))
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordContainsEmail", Description = "The password must not contain the e-mail address." }));
        return Task.FromResult(IdentityResult.Success);
    }

    private static string StripDigits(string password) => password.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '!', '.');

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Vern.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#'))
                set.Add(line.Trim().ToLowerInvariant());
        return set;
    }
}
