using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Vern.Features.Centre;
using Vern.Features.Newsletter;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Blocks.Centre;

/// <summary>
/// Where a blocked person contests: their address, and why the block is wrong. The page answers alike whether or not a
/// block applies, so it tells nobody who is blocked; the person learns by e-mail at their address that a review opened.
/// Never refused by a block: contesting it is the person's right.
/// </summary>
[EnableRateLimiting(HostingFeature.PublicRateLimit)]
internal sealed class ContestModel(FraudBlocks blocks) : CentrePageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Statement { get; set; }
    public bool Sent { get; private set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public BlockTexts Texts => Text<BlockTexts>.In(Lang);

    public void OnGet() => UseRequestLanguage();

    public async Task<IActionResult> OnPostAsync()
    {
        UseRequestLanguage();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var email = Email?.Trim();
        if (!Subscriptions.IsAddress(email))
            errors["email"] = Texts.EmailInvalid;
        if (Statement?.Trim().Length > FraudBlocks.MaxStatement)
            errors["statement"] = string.Format(CultureInfo.InvariantCulture, Texts.StatementTooLong, FraudBlocks.MaxStatement);
        if (errors.Count > 0)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await blocks.ContestAsync(email!, Statement, Lang, MaskedNetwork.Of(HttpContext.Connection.RemoteIpAddress), HttpContext.RequestAborted);
        Sent = true;
        return Page();
    }
}
