using System.Runtime.CompilerServices;
using System.Text;

namespace Vern.Tests.Ropa;

/// <summary>
/// Compares an export byte for byte with a committed file under <c>Golden</c> beside the calling test. With
/// <c>VERN_UPDATE_GOLDEN=1</c> the committed file is rewritten instead, to be reviewed in the diff.
/// </summary>
internal static class Golden
{
    public const string Regenerate =
        "If the change is intended, regenerate the golden files with " +
        "'VERN_UPDATE_GOLDEN=1 dotnet test tests/Vern.Tests -c Release --filter FullyQualifiedName~GoldenTests' and review their diff.";

    public static byte[] Read(string name, [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(AppContext.BaseDirectory, Path.GetFileName(Path.GetDirectoryName(callerPath))!, "Golden", name);
        Assert.True(File.Exists(path), $"The golden file {name} is missing. {Regenerate}");
        return File.ReadAllBytes(path);
    }

    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        if (Environment.GetEnvironmentVariable("VERN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", name), actual, new UTF8Encoding(false));
            return;
        }
        AssertSame(name, Read(name, callerPath), Encoding.UTF8.GetBytes(actual));
    }

    public static void AssertSame(string name, byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
            return;
        var expectedLines = Encoding.UTF8.GetString(expected).Split('\n');
        var actualLines = Encoding.UTF8.GetString(actual).Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
            line++;
        Assert.Fail(
            $"{name} differs from its golden file at line {line + 1}.\n" +
            $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "(end of file)")}\n" +
            $"  actual:   {(line < actualLines.Length ? actualLines[line] : "(end of file)")}\n" +
            Regenerate);
    }
}
