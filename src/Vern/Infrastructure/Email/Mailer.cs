using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Vern.Infrastructure.Hosting;

namespace Vern.Infrastructure.Email;

/// <summary>
/// An e-mail Vern sends: to one person, plain text with an optional HTML part, and any headers of its own (a
/// newsletter's <c>List-Unsubscribe</c>).
/// </summary>
internal sealed record OutgoingEmail(string To, string Subject, string Text, string? Html = null, IReadOnlyList<(string Name, string Value)>? Headers = null)
{
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];
}

/// <summary>A file sent with a message, such as a signed certificate the recipient keeps.</summary>
internal sealed record EmailAttachment(string FileName, string MediaType, byte[] Content);

/// <summary>
/// Sends e-mail over SMTP when <c>Email:Smtp:Host</c> is configured; otherwise writes each message
/// as an <c>.eml</c> file to <c>&lt;data directory&gt;/outbox/</c>, so a laptop install loses nothing
/// and every message can be opened in a mail program. SMTP needs TLS unless <c>Email:Smtp:Security</c>
/// says otherwise: the messages carry single-use links that act in the person's name. A message the
/// server does not take is kept in the outbox too, and the error says so.
/// </summary>
internal sealed partial class Mailer(IConfiguration configuration, DataDirectory dataDirectory, TimeProvider time, ILogger<Mailer> logger)
{
    private static long sent;

    public string OutboxPath => dataDirectory.File("outbox");

    /// <summary>The right-hand side of every Message-ID Vern writes (<c>Email:MessageIdDomain</c>).</summary>
    public string MessageIdDomain => configuration["Email:MessageIdDomain"] is { Length: > 0 } domain ? domain : "vern.local";

    public Task SendAsync(OutgoingEmail email, CancellationToken ct) => SendAsync(Build(email), again: false, ct);

    /// <summary>
    /// Hands a built message to the SMTP server, or to the outbox directory; see <see cref="MailOutbox"/>
    /// for the durable path, which says <paramref name="again"/> when a stopped process may have sent it already.
    /// </summary>
    public async Task SendAsync(MimeMessage message, bool again, CancellationToken ct)
    {
        var host = configuration["Email:Smtp:Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            var name = await WriteToOutboxAsync(message, again, ct);
            LogWritten(logger, name);
            return;
        }

        try
        {
            using var client = new SmtpClient();
            await ConnectAsync(client, ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            LogSent(logger, message.MessageId!);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException
            or NotSupportedException or System.Security.Authentication.AuthenticationException or SslHandshakeException or AuthenticationException)
        {
            // The person must still be told: the message waits in the outbox for the operator to send.
            var name = await WriteToOutboxAsync(message, again, CancellationToken.None);
            LogNotSent(logger, message.MessageId!, name, e);
        }
    }

    /// <summary>Whether messages go to an SMTP server (<c>Email:Smtp:Host</c>) rather than to the outbox directory.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(configuration["Email:Smtp:Host"]);

    /// <summary>Connects <paramref name="client"/> to the configured SMTP server and signs in, as every send does.</summary>
    public async Task ConnectAsync(SmtpClient client, CancellationToken ct)
    {
        var port = configuration.GetValue("Email:Smtp:Port", 587);
        // Port 465 speaks TLS from the first byte; elsewhere STARTTLS is required, never merely tried.
        var security = Enum.TryParse<SecureSocketOptions>(configuration["Email:Smtp:Security"], ignoreCase: true, out var s)
            ? s
            : port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(configuration["Email:Smtp:Host"] ?? throw new InvalidOperationException("Email:Smtp:Host is not set."), port, security, ct);
        if (configuration["Email:Smtp:User"] is { Length: > 0 } user)
            await client.AuthenticateAsync(user, configuration["Email:Smtp:Password"] ?? "", ct);
    }

    /// <summary>Writes the message to the outbox directory, where the operator's mail program can open and send it.</summary>
    public async Task<string> WriteToOutboxAsync(MimeMessage message, bool again, CancellationToken ct)
    {
        Directory.CreateDirectory(OutboxPath);
        // A message handed over again after a crash keeps its id: if it was written before, it is there.
        var id = message.MessageId!.Split('@')[0];
        if (again && Directory.EnumerateFiles(OutboxPath, $"*-{id}.eml").FirstOrDefault() is { } existing)
            return Path.GetFileName(existing);
        // Timestamped names sort in sending order, the counter keeps that order within a millisecond,
        // and the message id keeps them unique across restarts.
        var name = $"{time.GetUtcNow():yyyyMMdd'T'HHmmssfff'Z'}-{Interlocked.Increment(ref sent):D8}-{id}.eml";
        var path = Path.Combine(OutboxPath, name);
        await using (var file = File.Create(path + ".tmp"))
            await message.WriteToAsync(file, ct);
        File.Move(path + ".tmp", path);
        return name;
    }

    /// <summary>The MIME message for an e-mail; a given <paramref name="messageId"/> stays the same if it is ever sent again.</summary>
    public MimeMessage Build(OutgoingEmail email, string? messageId = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(configuration["Email:From"] is { Length: > 0 } from ? from : "Vern <privacy@localhost>"));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Date = time.GetUtcNow();
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId(MessageIdDomain);
        foreach (var (name, value) in email.Headers ?? [])
            message.Headers.Add(name, value);
        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        foreach (var attachment in email.Attachments)
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.MediaType));
        message.Body = body.ToMessageBody();
        return message;
    }

    // Message ids and file names only: the recipient's address is personal data.
    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail written to the outbox as {FileName}")]
    private static partial void LogWritten(ILogger logger, string fileName);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {MessageId} handed to the SMTP server")]
    private static partial void LogSent(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "E-mail {MessageId} was not taken by the SMTP server and waits in the outbox as {FileName}; send it from there once the server is fixed")]
    private static partial void LogNotSent(ILogger logger, string messageId, string fileName, Exception exception);
}
