using System.IO.Compression;

namespace Vern.Tests.Consent.Banner;

public sealed class BannerSizeTests
{
    // The banner is part of every page view of every customer site (issue target: 7,000 bytes).
    private const int Budget = 7_000;
    private static readonly string[] Files = ["banner.js", "banner.css"];

    [Fact]
    public void Banner_script_and_stylesheet_together_stay_within_7000_bytes_gzipped()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot", "consent");
        var sizes = Files.ToDictionary(f => f, f => Gzipped(File.ReadAllBytes(Path.Combine(folder, f))));

        var total = sizes.Values.Sum();
        Assert.True(total <= Budget, $"banner.js {sizes["banner.js"]} + banner.css {sizes["banner.css"]} = {total} bytes gzipped, over {Budget}.");
    }

    /// <summary>The size of <paramref name="content"/> compressed as gzip -9 would.</summary>
    internal static int Gzipped(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(content);
        return (int)output.Length;
    }
}
