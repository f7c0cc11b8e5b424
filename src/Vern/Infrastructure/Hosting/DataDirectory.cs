namespace Vern.Infrastructure.Hosting;

/// <summary>Where all of Vern's state lives: the SQLite database, the key store, the outbox.</summary>
internal sealed class DataDirectory
{
    public DataDirectory(IConfiguration configuration)
    {
        var configured = configuration["Vern:DataDirectory"];
        Path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);
        try
        {
            // Only its owner may enter it: it holds the database, the key store and the keys.
            Crypto.SecretFile.CreateDirectory(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"The data directory '{Path}' cannot be created: {e.Message}", e);
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);
}
