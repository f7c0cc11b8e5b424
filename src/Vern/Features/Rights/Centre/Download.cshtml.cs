using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using Vern.Data;
using Vern.Features.Centre;
using Vern.Features.Rights.Access;
using Vern.Features.Subjects;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights.Centre;

/// <summary>
/// Where the e-mailed link to an access or portability package leads. Opening the link only shows a
/// button; the file comes with the POST, so a mail scanner that follows links never fetches it.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class DownloadModel(AppDb db, SubjectVault vault, TimeProvider time) : CentrePageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public DateTime? ExpiresAt { get; private set; }
    public DownloadTexts Texts => Text<DownloadTexts>.In(Lang);

    public string ExpiryText => string.Format(CultureInfo.InvariantCulture, Texts.Expires,
        ExpiresAt is { } at ? Policies.Dates.Long(at, Lang) : "");

    public async Task OnGetAsync()
    {
        UseRequestLanguage();
        NoStore();
        ExpiresAt = (await AccessPackages.FindAsync(db, time, Token, HttpContext.RequestAborted))?.ExpiresAt;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        UseRequestLanguage();
        NoStore();
        var download = await AccessPackages.DownloadAsync(db, vault, time, Token, HttpContext.RequestAborted);
        if (download is not { } found)
            return Page();
        var name = $"vern-access-{found.Package.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.zip";
        return File(found.Zip, "application/zip", name);
    }

    // The page and the file are one person's data behind a secret link: no cache, shared or private, may keep either.
    private void NoStore() => Response.Headers[HeaderNames.CacheControl] = "no-store";
}
