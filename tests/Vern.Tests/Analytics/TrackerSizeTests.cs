using System.IO.Compression;

namespace Vern.Tests.Analytics;

public sealed class TrackerSizeTests
{
    // The tracker runs on every page view of a site that counts visits (issue target: 1,500 bytes).
    private const int Budget = 1_500;

    [Fact]
    public void The_tracker_stays_within_1500_bytes_gzipped()
    {
        var content = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "wwwroot", "consent", "analytics.js"));
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(content);
        Assert.True(output.Length <= Budget, $"analytics.js is {output.Length} bytes gzipped, over {Budget}.");
    }
}
