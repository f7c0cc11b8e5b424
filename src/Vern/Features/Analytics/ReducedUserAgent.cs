using System.Globalization;
using System.Text.RegularExpressions;

namespace Vern.Features.Analytics;

/// <summary>
/// What the dashboard keeps of a User-Agent header: the browser's family, its major version and the kind of
/// device. The header itself is dropped as soon as this is read from it. Null for robots, crawlers and headless
/// browsers, whose visits are not counted.
/// </summary>
internal sealed partial record ReducedUserAgent(string Browser, int? Version, DeviceClass Device)
{
    public const string OtherBrowser = "Other";

    // Order matters: Edge, Opera and Samsung Internet also say "Chrome", and Chrome also says "Safari".
    private static readonly (string Family, Regex Pattern)[] Families =
    [
        ("Edge", EdgePattern()),
        ("Opera", OperaPattern()),
        ("Samsung Internet", SamsungPattern()),
        ("Firefox", FirefoxPattern()),
        ("Chrome", ChromePattern()),
        ("Safari", SafariPattern()),
    ];

    public static ReducedUserAgent? From(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent) || RobotPattern().IsMatch(userAgent))
            return null;
        var device = TabletPattern().IsMatch(userAgent) ? DeviceClass.Tablet
            : PhonePattern().IsMatch(userAgent) ? DeviceClass.Phone
            : DeviceClass.Desktop;
        foreach (var (family, pattern) in Families)
            if (pattern.Match(userAgent) is { Success: true } match)
                return new ReducedUserAgent(family, int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null, device);
        return new ReducedUserAgent(OtherBrowser, null, device);
    }

    [GeneratedRegex(@"bot\b|crawl|spider|slurp|headless|phantomjs|lighthouse|pingdom|uptime|monitor|curl/|wget/|python-|java/|go-http|okhttp|axios/|node-fetch|postman|preview|facebookexternalhit|embedly", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RobotPattern();

    [GeneratedRegex(@"iPad|Tablet|Android(?!.*Mobile)", RegexOptions.CultureInvariant)]
    private static partial Regex TabletPattern();

    [GeneratedRegex(@"Mobi|iPhone|iPod|Android", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex EdgePattern();

    [GeneratedRegex(@"(?:OPR|Opera)/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex OperaPattern();

    [GeneratedRegex(@"SamsungBrowser/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SamsungPattern();

    [GeneratedRegex(@"(?:Firefox|FxiOS)/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex FirefoxPattern();

    [GeneratedRegex(@"(?:Chrome|CriOS)/(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ChromePattern();

    [GeneratedRegex(@"Version/(\d+)[^ ]* (?:Mobile/\S+ )?Safari/", RegexOptions.CultureInvariant)]
    private static partial Regex SafariPattern();
}
