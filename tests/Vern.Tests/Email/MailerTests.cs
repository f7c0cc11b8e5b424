using MimeKit;
using Vern.Infrastructure.Email;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Email;

public sealed class MailerTests
{
    private static readonly OutgoingEmail Message = new("kari.nordmann@example.no", "Bekreft forespørselen din", "Åpne lenken for å bekrefte: https://example.no/v/abc", "<p>Åpne lenken</p>");

    [Fact]
    public async Task Without_an_SMTP_server_every_message_is_written_to_the_outbox_as_an_eml_file()
    {
        await using var app = await TestApp.StartAsync();
        var mailer = app.Get<Mailer>();

        await mailer.SendAsync(Message, CancellationToken.None);
        await mailer.SendAsync(Message with { Subject = "Second" }, CancellationToken.None);

        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "outbox"), "*.eml").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        var first = await MimeMessage.LoadAsync(files[0]);
        Assert.Equal("kari.nordmann@example.no", first.To.Mailboxes.Single().Address);
        Assert.Equal("Bekreft forespørselen din", first.Subject);
        Assert.Contains("Åpne lenken for å bekrefte", first.TextBody, StringComparison.Ordinal);
        Assert.Equal("Second", (await MimeMessage.LoadAsync(files[1])).Subject);
        Assert.DoesNotContain("kari.nordmann", app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_SMTP_server_configured_the_message_goes_over_SMTP_and_not_to_the_outbox()
    {
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "Nordlys personvern <privacy@nordlys.example>",
        });

        await app.Get<Mailer>().SendAsync(Message, CancellationToken.None);

        var received = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("privacy@nordlys.example", received.From);
        Assert.Equal(["kari.nordmann@example.no"], received.To);
        var parsed = await MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Data)));
        Assert.Equal("Bekreft forespørselen din", parsed.Subject);
        Assert.Contains("Åpne lenken for å bekrefte", parsed.TextBody, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "outbox")));
    }

    [Fact]
    public async Task By_default_a_server_without_STARTTLS_gets_nothing_and_the_message_waits_in_the_outbox()
    {
        // The sink offers no STARTTLS, as a misconfigured or intercepted server would not.
        await using var smtp = new SmtpSink();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        await app.Get<Mailer>().SendAsync(Message, CancellationToken.None);

        Assert.Empty(smtp.Messages);
        var kept = Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "outbox"), "*.eml"));
        Assert.Equal("Bekreft forespørselen din", (await MimeMessage.LoadAsync(kept)).Subject);
        Assert.Contains("was not taken by the SMTP server and waits in the outbox", app.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("kari.nordmann", app.Logs.All, StringComparison.Ordinal);
    }
}
