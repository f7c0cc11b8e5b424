using System.Globalization;
using Vern.Features.Model;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights;

/// <summary>The Rights feature's settings, read once at start-up.</summary>
internal sealed record RightsOptions(TimeSpan UnverifiedExpiry)
{
    public static readonly TimeSpan DefaultUnverifiedExpiry = TimeSpan.FromDays(14);

    /// <summary>
    /// <c>Rights:UnverifiedExpiry</c> as ISO 8601 (<c>P14D</c>) or .NET's <c>d.hh:mm:ss</c>; a bad
    /// value stops start-up rather than silently expiring requests at some other time.
    /// </summary>
    public static RightsOptions From(IConfiguration configuration)
    {
        var text = configuration["Rights:UnverifiedExpiry"];
        if (string.IsNullOrWhiteSpace(text))
            return new RightsOptions(DefaultUnverifiedExpiry);
        var expiry = Parse(text.Trim());
        if (expiry is null || expiry <= TimeSpan.Zero)
            throw new StartupException($"Rights:UnverifiedExpiry must be a positive duration such as P14D or 14.00:00:00, not '{text}'.");
        return new RightsOptions(expiry.Value);
    }

    private static TimeSpan? Parse(string text)
    {
        if (text.StartsWith('P'))
            return IsoPeriods.TryToTimeSpan(text, out var period) ? period : null;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }
}
