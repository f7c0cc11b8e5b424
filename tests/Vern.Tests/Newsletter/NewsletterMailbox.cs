using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Newsletter;

/// <summary>A Vern whose e-mail goes to a real SMTP server on loopback, and what the newsletter's tests read from it.</summary>
internal static partial class NewsletterMailbox
{
    public static Dictionary<string, string?> Settings(SmtpSink smtp) => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };

    public static Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string email, string language = "en", string? visitorId = null) =>
        client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email, language, visitorId });

    /// <summary>The messages to <paramref name="to"/> with <paramref name="subject"/>, once at least <paramref name="count"/> arrived.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> MailAsync(SmtpSink smtp, string to, string subject, int count = 1)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var found = new List<MimeMessage>();
            foreach (var received in smtp.Messages)
            {
                var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(received.Data)));
                if (message.Subject == subject && message.To.Mailboxes.Any(m => m.Address == to))
                    found.Add(message);
            }
            if (found.Count >= count)
                return found;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"No {count} e-mail(s) '{subject}' to {to} arrived; {smtp.Messages.Count} in all.");
            await Task.Delay(50);
        }
    }

    /// <summary>The path (with its query) of the first link in the message's text to <paramref name="page"/>, such as <c>/newsletter/confirm/</c>.</summary>
    public static string Link(MimeMessage message, string page)
    {
        var link = Links().Matches(message.TextBody ?? "").Select(m => new Uri(m.Value)).FirstOrDefault(l => l.AbsolutePath.StartsWith(page, StringComparison.Ordinal));
        Assert.True(link is not null, $"No link to {page} in: {message.TextBody}");
        return link.PathAndQuery;
    }

    [GeneratedRegex(@"https?://[^\s<>]+")]
    private static partial Regex Links();
}
