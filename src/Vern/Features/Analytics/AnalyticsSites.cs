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

    /// <summary>The counted sites' host names, lower case: Vern's own first, then the controller's website, then the embedding origins.</summary>
    public IReadOnlyList<string> All()
    {
        IEnumerable<string?> addresses = [publicUrl.Base.ToString(), models.Current.Model.Controller.Website, .. allowedOrigins];
        return [.. addresses.Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : null).OfType<string>().Distinct()];
    }
}
