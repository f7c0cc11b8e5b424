namespace Vern.Infrastructure.Crypto;

/// <summary>Key files in the data directory: readable and writable by the owner only, from the moment they exist.</summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <param name="mode"><see cref="FileMode.CreateNew"/> to refuse overwriting a key another process just wrote.</param>
    public static void Write(string path, string text, FileMode mode = FileMode.Create)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(text);
        // An existing file keeps its old mode on Create; tighten it as well.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, OwnerOnly);
    }
}
