using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Vern.Infrastructure.Hosting;

/// <summary>How a public endpoint answers a body that does not read as its input.</summary>
/// <param name="Title">The problem's title, the same as for the endpoint's other refusals.</param>
/// <param name="Shape">Said of <c>body</c> when the body is not JSON or not of the input's shape.</param>
/// <param name="WrongType">Said of a field whose value has the wrong type, given the field's name.</param>
/// <param name="ByTopLevelField">
/// Names a wrong value inside a field by that field (<c>keepLonger</c> for <c>$.keepLonger[0]</c>), for flat inputs
/// whose fields are a form's; otherwise the whole path is the name (<c>events[0].engagedMs</c>).
/// </param>
internal sealed record JsonBodyAnswers(string Title, string Shape, Func<string, string> WrongType, bool ByTopLevelField = false);

/// <summary>
/// Reads a public endpoint's JSON body, up to its limit, without trusting the declared content type (the tracker's
/// beacons are text/plain), and names the field a caller got wrong so that its developers can fix it.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>
    /// The body as <typeparamref name="T"/>, or (value null) the problem to answer. A body over
    /// <paramref name="maxBytes"/> is refused with 413 by <see cref="BoundedBody"/>.
    /// </summary>
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, JsonBodyAnswers answers, CancellationToken ct)
        where T : class
    {
        var body = await BoundedBody.ReadAsync(request, maxBytes, ct);
        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, Options) is { } value
                ? (value, null)
                : (null, Invalid(answers, "body", "The body must be a JSON object."));
        }
        catch (JsonException e)
        {
            // The path names the value that had the wrong type, such as $.visitorId or $.events[0].engagedMs.
            var field = e.Path is ['$', '.', .. var name] && name.Length > 0 ? name : "body";
            if (answers.ByTopLevelField)
                field = field.Split('[')[0];
            return (null, Invalid(answers, field, field == "body" ? answers.Shape : answers.WrongType(field)));
        }
    }

    private static ValidationProblem Invalid(JsonBodyAnswers answers, string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: answers.Title);
}
