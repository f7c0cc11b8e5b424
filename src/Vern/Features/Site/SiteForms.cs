using Microsoft.AspNetCore.Mvc.RazorPages;
using Vern.Features.Model;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Site;

/// <summary>
/// What the demo site's forms share: the purpose notice, inline errors, and the visitor id read from the
/// consent cookie, which is what a customer's backend would forward to the submissions API.
/// </summary>
internal abstract class SiteFormPage(ModelStore models, VisitorIds visitorIds) : PageModel
{
    protected ModelStore Models => models;

    protected VisitorIds VisitorIds => visitorIds;

    public bool Sent { get; protected set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();

    /// <summary>The purpose the form collects for, as the privacy model words it; null if the model lacks it.</summary>
    public Purpose? PurposeOf(string id) => models.Current.Model.Purpose(id);

    /// <summary>The fields the page shows, by the use case's names; errors of others cannot be linked to a field.</summary>
    protected abstract IReadOnlyList<string> Fields { get; }

    public bool Invalid(string field) => Errors.ContainsKey(field);

    /// <summary>The error summary: each message linked to its field when the page has that field.</summary>
    public IEnumerable<FormError> Summary =>
        Errors.SelectMany(e => e.Value.Select(m => new FormError(Fields.Contains(e.Key) ? e.Key : null, m)));

    public FieldErrors ErrorsOf(string field) => new(field + "-error", Errors.TryGetValue(field, out var messages) ? messages : []);

    /// <summary>The id of a field's inline error, for <c>aria-describedby</c>; null (no attribute) when it has none.</summary>
    public string? ErrorId(string field) => Invalid(field) ? field + "-error" : null;

    /// <summary>The visitor id of the banner's cookie, if it holds one Vern issued.</summary>
    protected string? VisitorId() => visitorIds.FromCookie(Request);
}

internal sealed record FormError(string? Field, string Message);

internal sealed record FieldErrors(string Id, IReadOnlyList<string> Messages);
