using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vern.Bench;

/// <summary>
/// An SMTP server on loopback that accepts every message and counts it, keeping nothing: the same receiving end
/// for the plain MailKit loop and for Vern, so what differs between them is the sender. It speaks the subset of
/// RFC 5321 MailKit uses without TLS or authentication, and offers PIPELINING as a real relay would.
/// </summary>
internal sealed class BenchSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private long received;
    private long recipients;

    public BenchSmtpServer()
    {
        listener.Start();
        loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public long Received => Interlocked.Read(ref received);

    /// <summary>Distinct recipients are not tracked (that would keep 100,000 addresses); each accepted RCPT is counted.</summary>
    public long Recipients => Interlocked.Read(ref recipients);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        // Each reply goes out when written, as a relay's do: held back for an acknowledgement (Nagle), the second
        // reply to pipelined commands waits for the client's delayed ACK, 40 ms a message.
        client.NoDelay = true;
        using (client)
        await using (var stream = client.GetStream())
        {
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n" };
            await writer.WriteLineAsync("220 localhost bench SMTP");
            await writer.FlushAsync();
            while (await reader.ReadLineAsync() is { } line)
            {
                switch (line.Split(' ', 2)[0].ToUpperInvariant())
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250-PIPELINING");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                    case "MAIL":
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        Interlocked.Increment(ref recipients);
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End with <CRLF>.<CRLF>");
                        await writer.FlushAsync();
                        while (await reader.ReadLineAsync() is { } data && data != ".")
                        {
                        }
                        Interlocked.Increment(ref received);
                        await writer.WriteLineAsync("250 Queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        await writer.FlushAsync();
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
                await writer.FlushAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
