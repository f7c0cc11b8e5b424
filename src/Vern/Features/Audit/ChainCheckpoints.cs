using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vern.Features.Consent;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Audit;

/// <summary>The hash chains whose heads are checkpointed outside the database.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckpointedChain>))]
internal enum CheckpointedChain
{
    [JsonStringEnumMemberName("audit")] Audit,
    [JsonStringEnumMemberName("consent")] Consent,
}

/// <summary>A signed statement that the chain held <see cref="Size"/> entries, the last with hash <see cref="Head"/>.</summary>
internal sealed record Checkpoint(CheckpointedChain Chain, long Size, string Head, DateTime At);

/// <summary>
/// Signed checkpoints of the audit trail's and the consent ledger's heads, appended to
/// <c>checkpoints.jws</c> in the data directory (one compact JWS a line, ES256 under the receipt key).
/// A database administrator who truncates a chain, or rewrites it and recomputes every hash, leaves a
/// chain that is consistent in itself; only evidence kept outside the database and signed with a key the
/// database does not hold shows the difference.
/// </summary>
internal sealed class ChainCheckpoints(DataDirectory dataDirectory, ReceiptKey key)
{
    public const string FileName = "checkpoints.jws";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock gate = new();
    private readonly Dictionary<CheckpointedChain, Checkpoint?> latest = [];

    public string Path => dataDirectory.File(FileName);

    public void Append(Checkpoint checkpoint)
    {
        var line = key.Sign(JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json)) + "\n";
        lock (gate)
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = SecretFile.OwnerOnly;
            using var file = new FileStream(Path, options);
            DropTornLine(file);
            file.Seek(0, SeekOrigin.End);
            file.Write(Encoding.ASCII.GetBytes(line));
            // A checkpoint is evidence only once it is on disk.
            file.Flush(flushToDisk: true);
            latest[checkpoint.Chain] = checkpoint;
        }
    }

    /// <summary>The last checkpoint of a chain: read from the file once, then kept as it is appended.</summary>
    public Checkpoint? Latest(CheckpointedChain chain)
    {
        lock (gate)
        {
            if (!latest.TryGetValue(chain, out var last))
                latest[chain] = last = Read(chain).Checkpoints is [.., var newest] ? newest : null;
            return last;
        }
    }

    /// <summary>
    /// The checkpoints of one chain, each signature checked. A line that does not verify is a problem to
    /// report: somebody wrote to the file without the key.
    /// </summary>
    public CheckpointSet Read(CheckpointedChain chain)
    {
        if (!File.Exists(Path))
            return CheckpointSet.Empty;
        var found = new List<Checkpoint>();
        var number = 0;
        foreach (var line in File.ReadLines(Path))
        {
            number++;
            if (line.Length == 0)
                continue;
            var checkpoint = key.Verify(line) is { } payload ? Parse(payload) : null;
            if (checkpoint is null)
                return new CheckpointSet([], string.Create(CultureInfo.InvariantCulture, $"Line {number} of {FileName} is not a checkpoint signed with this installation's key."));
            if (checkpoint.Chain == chain)
                found.Add(checkpoint);
        }
        return new CheckpointSet(found, null);
    }

    private static Checkpoint? Parse(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize<Checkpoint>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A crash in the middle of an append leaves a line without its end; only this class writes the file.</summary>
    private static void DropTornLine(FileStream file)
    {
        if (file.Length == 0)
            return;
        var buffer = new byte[Math.Min(file.Length, 4096)];
        file.Seek(-buffer.Length, SeekOrigin.End);
        file.ReadExactly(buffer);
        var lastNewline = Array.LastIndexOf(buffer, (byte)'\n');
        if (lastNewline == buffer.Length - 1)
            return;
        file.SetLength(lastNewline < 0 ? file.Length - buffer.Length : file.Length - buffer.Length + lastNewline + 1);
    }
}

/// <summary>The checkpoints of one chain, or the problem that made the file untrustworthy.</summary>
internal sealed record CheckpointSet(IReadOnlyList<Checkpoint> Checkpoints, string? Problem)
{
    public static readonly CheckpointSet Empty = new([], null);

    public ILookup<long, Checkpoint> BySize { get; } = Checkpoints.ToLookup(c => c.Size);

    /// <summary>The longest chain any checkpoint vouches for.</summary>
    public Checkpoint? Longest { get; } = Checkpoints.MaxBy(c => c.Size);

    /// <summary>
    /// The problem with a chain that ends at <paramref name="size"/>, when a checkpoint says it was longer;
    /// null otherwise.
    /// </summary>
    public string? Truncation(string entries, long size) =>
        Longest is { } longest && longest.Size > size
            ? string.Create(CultureInfo.InvariantCulture, $"It ends at {size} {entries}, but the checkpoint signed at {longest.At:yyyy-MM-dd HH:mm:ss} UTC vouches for {longest.Size}: {entries} were removed from its end.")
            : null;

    /// <summary>The problem with the entry at <paramref name="size"/> having <paramref name="hash"/>, when a checkpoint disagrees.</summary>
    public string? Mismatch(string entry, long size, string hash) =>
        BySize[size].FirstOrDefault(c => c.Head != hash) is { } differs
            ? string.Create(CultureInfo.InvariantCulture, $"{entry} {size} differs from the checkpoint signed at {differs.At:yyyy-MM-dd HH:mm:ss} UTC: the chain was rewritten after it.")
            : null;
}
