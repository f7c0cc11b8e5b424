using OtpNet;

namespace Vern.Tests.Infrastructure;

/// <summary>Authenticator codes that no authenticator app would show.</summary>
public static class TotpCodes
{
    /// <summary>
    /// A code that is wrong for every time step the server accepts (Identity allows a few steps of
    /// clock drift either side), so a refusal cannot be a coincidence of the clock.
    /// </summary>
    public static string Wrong(string secret)
    {
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var now = TimeProvider.System.GetUtcNow();
        var accepted = Enumerable.Range(-3, 7).Select(step => totp.ComputeTotp(now.AddSeconds(step * 30).UtcDateTime)).ToHashSet();
        return Enumerable.Range(0, 10).Select(n => new string((char)('0' + n), 6)).First(code => !accepted.Contains(code));
    }
}
