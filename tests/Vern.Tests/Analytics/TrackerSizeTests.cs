using Vern.Tests.Consent.Banner;

namespace Vern.Tests.Analytics;

public sealed class TrackerSizeTests
{
    // The tracker runs on every page view of a site that counts visits (issue target: 1,500 bytes).
    private const int Budget = 1_500;

    [Fact]
    public void The_tracker_stays_within_1500_bytes_gzipped()
    {
        var size = BannerSizeTests.Gzipped(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wwwroot", "consent", "analytics.js")));
        Assert.True(size <= Budget, $"analytics.js is {size} bytes gzipped, over {Budget}.");
    }
}
