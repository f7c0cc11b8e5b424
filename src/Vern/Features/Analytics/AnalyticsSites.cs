using Vern.Features.Model;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Analytics;

/// <summary>
/// The sites whose visits Vern counts: its own public address, the controller's website in the definition, and the
/// origins allowed to embed the banner (<c>Vern:Consent:AllowedOrigins</c>). Events for any other host are refused,
/// so nobody can fill the statistics of a site that is not the company's.
/// </summary>
internal sealed class AnalyticsSites(IConfiguration configuration, PublicUrl publicUrl, ModelStore models)
{
    private readonly string[] allowedOrigins = configuration.GetSection("Vern:Consent:AllowedOrigins").Get<string[]>() ?? [];

    public bool Counts(string host)
    {
        if (string.Equals(host, publicUrl.Base.Host, StringComparison.OrdinalIgnoreCase))
            return true;
        if (models.Current.Model.Controller.Website is { } website && Uri.TryCreate(website, UriKind.Absolute, out var site)
            && string.Equals(host, site.Host, StringComparison.OrdinalIgnoreCase))
            return true;
        foreach (var origin in allowedOrigins)
            if (Uri.TryCreate(origin, UriKind.Absolute, out var allowed) && string.Equals(host, allowed.Host, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
