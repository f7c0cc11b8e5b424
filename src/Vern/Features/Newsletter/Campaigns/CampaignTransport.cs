using MailKit.Net.Smtp;
using MimeKit;
using Vern.Infrastructure.Email;

namespace Vern.Features.Newsletter.Campaigns;

/// <summary>
/// One connection to the SMTP server for a whole campaign, opened on the first message and again after a failure:
/// a connection per message would cost a handshake (and TLS) each. Without an SMTP server configured, messages are
/// written to the outbox directory, as Vern's other e-mail is.
/// </summary>
internal sealed class CampaignTransport(Mailer mailer) : IAsyncDisposable
{
    private SmtpClient? client;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (!mailer.UsesSmtp)
        {
            await mailer.WriteToOutboxAsync(message, again: false, ct);
            return;
        }
        if (client is not { IsConnected: true })
        {
            client?.Dispose();
            client = new SmtpClient();
            await mailer.ConnectAsync(client, ct);
        }
        try
        {
            await client.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not SmtpCommandException)
        {
            // The connection is in an unknown state: the next message opens a new one.
            client.Dispose();
            client = null;
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (client is { IsConnected: true })
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        client?.Dispose();
    }
}
