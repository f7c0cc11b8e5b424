using System.Runtime.InteropServices;

namespace Vern.Infrastructure.Crypto;

/// <summary>
/// Files that hold keys or personal data (key files, the SQLite databases, backups): readable and
/// writable by the owner only from the moment they exist, in directories only the owner may enter.
/// </summary>
internal static class SecretFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <param name="mode"><see cref="FileMode.CreateNew"/> to refuse overwriting a key another process just wrote.</param>
    public static void Write(string path, string text, FileMode mode = FileMode.Create)
    {
        using (var stream = Open(path, mode))
        using (var writer = new StreamWriter(stream))
            writer.Write(text);
        // An existing file keeps its old mode on Create; tighten it as well.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, OwnerOnly);
    }

    /// <summary>
    /// The text of the key file at <paramref name="path"/>; when there is none, the text
    /// <paramref name="create"/> makes, written owner-only (<paramref name="created"/> is then true). When
    /// another instance sharing the data directory writes the file first, its key is read and used.
    /// </summary>
    public static string ReadOrCreate(string path, Func<string> create, out bool created)
    {
        created = false;
        if (File.Exists(path))
            return File.ReadAllText(path);
        var text = create();
        try
        {
            Write(path, text, FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path);
        }
        created = true;
        return text;
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> so that it survives a crash or a power
    /// cut the moment this returns: written and flushed to disk under a temporary name, renamed into
    /// place, and the rename itself flushed. A crash before the rename leaves the old file as it was.
    /// </summary>
    public static void WriteDurably(string path, string text)
    {
        var temp = path + ".tmp";
        using (var stream = Open(temp, FileMode.Create))
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, OwnerOnly);
        File.Move(temp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Renames a file over another and makes the rename durable.</summary>
    public static void MoveDurably(string from, string to)
    {
        File.Move(from, to, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
    }

    /// <summary>Deletes a file and makes the deletion durable.</summary>
    public static void DeleteDurably(string path)
    {
        File.Delete(path);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Creates an empty owner-only file unless one exists. SQLite keeps the mode of a file it is
    /// given and gives its journal and WAL the database file's mode, so the whole database stays private.
    /// </summary>
    public static void CreateOwnerOnly(string path)
    {
        if (File.Exists(path))
            return;
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (Open(path, FileMode.OpenOrCreate))
        {
        }
    }

    /// <summary>Creates a directory (and its missing parents) that only the owner may list or enter; an existing one is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    private static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        return new FileStream(path, options);
    }

    /// <summary>
    /// A rename or a new file is durable only once its directory is flushed too; .NET cannot open a
    /// directory, so this asks the C library. Windows (NTFS journals its metadata) needs nothing.
    /// </summary>
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        var fd = Native.Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
            throw new IOException($"The directory {directory} could not be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Native.Fsync(fd) != 0)
                throw new IOException($"The directory {directory} could not be flushed to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    private static class Native
    {
        // The path travels as NUL-terminated UTF-8 bytes: a plain array needs no marshalling code.
        public static int Open(string path, int flags) => OpenBytes(System.Text.Encoding.UTF8.GetBytes(path + "\0"), flags);

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int OpenBytes(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Close(int fd);
    }
}
