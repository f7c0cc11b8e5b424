using System.Text.Json;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// Reads and checks the body of <c>POST /api/v1/consent/decisions</c> field by field, so that every
/// problem names its field, and resolves the answer for every category and service of the revision.
/// </summary>
internal static class DecisionInput
{
    public static (Decision? Decision, Dictionary<string, string[]> Errors) Read(JsonElement root, ConsentSnapshot snapshot, VisitorIds visitorIds)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        if (root.ValueKind != JsonValueKind.Object)
        {
            Fail("body", "The body must be a JSON object.");
            return (null, errors);
        }

        var visitorId = String(root, "visitorId", Fail);

        var language = String(root, "language", Fail);
        if (language is not null && !Languages.Supported.Contains(language))
            Fail("language", $"The language must be one of: {string.Join(", ", Languages.Supported)}.");

        var given = String(root, "action", Fail);
        var action = WireNames.TryParse<ConsentAction>(given, out var parsed) ? parsed : (ConsentAction?)null;
        if (given is not null && action is null)
            Fail("action", $"The action must be one of: {string.Join(", ", WireNames.All<ConsentAction>())}.");

        ConsentRevision? revision = null;
        if (!root.TryGetProperty("revision", out var revisionElement))
            Fail("revision", "The revision is required.");
        else if (revisionElement.ValueKind != JsonValueKind.Number || !revisionElement.TryGetInt32(out var number))
            Fail("revision", "The revision must be an integer.");
        else if (!snapshot.Revisions.TryGetValue(number, out revision))
            Fail("revision", $"Revision {number} does not exist; the current revision is {snapshot.CurrentRevision}.");

        var gpc = false;
        if (root.TryGetProperty("gpc", out var gpcElement))
        {
            if (gpcElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
                gpc = gpcElement.GetBoolean();
            else
                Fail("gpc", "gpc must be true or false.");
        }

        var givenCategories = Choices(root, "categories", Fail);
        var givenServices = Choices(root, "services", Fail);
        if (revision is null || errors.Count > 0)
            return (null, errors);

        var model = revision.Model;
        foreach (var (id, value) in givenCategories!)
        {
            var category = model.BannerCategories.FirstOrDefault(c => c.Id == id);
            if (category is null)
                Fail($"categories.{id}", $"Unknown category '{id}'.");
            else if (category.Required && !value)
                Fail($"categories.{id}", $"The category '{id}' is necessary and cannot be refused.");
        }
        foreach (var id in givenServices!.Keys.Where(id => model.Services.All(s => s.Id != id)))
            Fail($"services.{id}", $"Unknown service '{id}'.");
        if (errors.Count > 0)
            return (null, errors);

        var categories = model.BannerCategories.ToDictionary(c => c.Id, c => c.Required || givenCategories.GetValueOrDefault(c.Id));
        var optional = model.BannerCategories.Where(c => !c.Required).Select(c => c.Id).ToList();
        switch (action)
        {
            case ConsentAction.AcceptAll:
                foreach (var id in optional.Where(id => !categories[id]))
                    Fail($"categories.{id}", $"With accept_all every category must be true, but '{id}' is not.");
                break;
            case ConsentAction.RejectAll or ConsentAction.Withdraw or ConsentAction.Gpc:
                foreach (var id in optional.Where(id => categories[id]))
                    Fail($"categories.{id}", $"With {given} every optional category must be false, but '{id}' is true.");
                break;
        }
        if (action == ConsentAction.Gpc && !gpc)
            Fail("gpc", "The action gpc records a Global Privacy Control signal, so gpc must be true.");
        if (gpc)
            foreach (var id in revision.GpcRefuses.Where(id => categories[id]))
                Fail($"categories.{id}", $"A Global Privacy Control signal refuses '{id}', so it must be false.");

        // A service is allowed only within its category; one not named follows its category.
        var services = new Dictionary<string, bool>();
        foreach (var service in model.Services)
        {
            var allowed = categories.GetValueOrDefault(service.Category);
            if (givenServices.TryGetValue(service.Id, out var value))
            {
                if (value && !allowed)
                    Fail($"services.{service.Id}", $"The service '{service.Id}' belongs to the refused category '{service.Category}'.");
                else if (!value && model.BannerCategories.Any(c => c.Id == service.Category && c.Required))
                    Fail($"services.{service.Id}", $"The service '{service.Id}' is necessary and cannot be refused.");
                services[service.Id] = value;
            }
            else
                services[service.Id] = allowed;
        }
        // Checked last, so a caller without a valid id learns nothing more than any caller with a bad body.
        if (errors.Count == 0 && !visitorIds.IsIssued(visitorId))
            Fail("visitorId", VisitorIds.NotIssued);
        if (errors.Count > 0)
            return (null, errors);
        return (new Decision(visitorId!, revision.Number, language!, action!.Value, gpc, Sorted(categories), Sorted(services)), errors);
    }

    private static string? String(JsonElement root, string name, Action<string, string> fail)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            fail(name, $"{name} is required.");
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            fail(name, $"{name} must be a string.");
            return null;
        }
        return element.GetString();
    }

    private static Dictionary<string, bool>? Choices(JsonElement root, string name, Action<string, string> fail)
    {
        var choices = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return choices;
        if (element.ValueKind != JsonValueKind.Object)
        {
            fail(name, $"{name} must be an object mapping ids to true or false.");
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                choices[property.Name] = property.Value.GetBoolean();
            else
                fail($"{name}.{property.Name}", $"{name}.{property.Name} must be true or false.");
        }
        return choices;
    }

    private static SortedDictionary<string, bool> Sorted(Dictionary<string, bool> choices) => new(choices, StringComparer.Ordinal);
}

/// <summary>A checked decision, with an answer for every category and service of its revision.</summary>
internal sealed record Decision(
    string VisitorId, int Revision, string Language, ConsentAction Action, bool Gpc,
    SortedDictionary<string, bool> Categories, SortedDictionary<string, bool> Services);
