using System.Globalization;

namespace Vern.Features.Breaches.Admin;

/// <summary>
/// The incident's fields as the console's form posts them: as text, so a number or a time that does not parse is
/// answered with its field named rather than dropped by model binding.
/// </summary>
internal sealed class IncidentForm
{
    public string? Title { get; set; }
    public string? Nature { get; set; }
    public string? AwareAt { get; set; }
    public string? OccurredAt { get; set; }
    public List<string> Categories { get; set; } = [];
    public List<string> SubjectKinds { get; set; } = [];
    public List<string> Stores { get; set; } = [];
    public List<string> Recipients { get; set; } = [];
    public List<string> Activities { get; set; } = [];
    public string? ApproximateSubjects { get; set; }
    public string? ApproximateRecords { get; set; }
    public string? ContactPoint { get; set; }
    public string? Consequences { get; set; }
    public string? MeasuresTaken { get; set; }
    public string? MeasuresProposed { get; set; }

    public static IncidentForm Of(Incident i) => new()
    {
        Title = i.Title,
        Nature = i.Nature,
        AwareAt = Local(i.AwareAt),
        OccurredAt = i.OccurredAt is { } occurred ? Local(occurred) : null,
        Categories = i.Categories,
        SubjectKinds = i.SubjectKinds,
        Stores = i.AffectedStores,
        Recipients = i.AffectedRecipients,
        Activities = i.AffectedActivities,
        ApproximateSubjects = i.ApproximateSubjects?.ToString(CultureInfo.InvariantCulture),
        ApproximateRecords = i.ApproximateRecords?.ToString(CultureInfo.InvariantCulture),
        ContactPoint = i.ContactPoint,
        Consequences = i.Consequences,
        MeasuresTaken = i.MeasuresTaken,
        MeasuresProposed = i.MeasuresProposed,
    };

    /// <summary>The details to save, or the fields that did not parse.</summary>
    public (IncidentDetails? Details, Dictionary<string, string[]> Errors) Read(string wrongTime, string wrongNumber)
    {
        var errors = new Dictionary<string, string[]>();
        var aware = Time(AwareAt, "awareAt", wrongTime, errors);
        var occurred = Time(OccurredAt, "occurredAt", wrongTime, errors);
        var subjects = Count(ApproximateSubjects, "approximateSubjects", wrongNumber, errors);
        var records = Count(ApproximateRecords, "approximateRecords", wrongNumber, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new IncidentDetails(Title, Nature, aware, occurred, Categories, SubjectKinds, subjects, records, ContactPoint, Consequences, MeasuresTaken, MeasuresProposed, Systems), errors);
    }

    public IncidentSystems Systems => new(Stores, Recipients, Activities);

    /// <summary>
    /// Fills what the officer left empty from what the affected systems suggest, and keeps what they gave; returns the
    /// fields it filled, by their names in the timeline.
    /// </summary>
    public IReadOnlyList<string> Fill(SystemsSuggestion suggestion, IncidentTexts texts)
    {
        var filled = new List<string>();
        if (Categories.Count == 0 && suggestion.Categories.Count > 0)
        {
            Categories = [.. suggestion.Categories];
            filled.Add(texts.FieldCategories);
        }
        if (SubjectKinds.Count == 0 && suggestion.SubjectKinds.Count > 0)
        {
            SubjectKinds = [.. suggestion.SubjectKinds];
            filled.Add(texts.FieldSubjectKinds);
        }
        if (string.IsNullOrWhiteSpace(ApproximateSubjects) && suggestion.People is { } people)
        {
            ApproximateSubjects = people.ToString(CultureInfo.InvariantCulture);
            filled.Add(texts.FieldApproximateSubjects);
        }
        if (string.IsNullOrWhiteSpace(ApproximateRecords) && suggestion.Records is { } records)
        {
            ApproximateRecords = records.ToString(CultureInfo.InvariantCulture);
            filled.Add(texts.FieldApproximateRecords);
        }
        return filled;
    }

    /// <summary>A UTC instant as a <c>datetime-local</c> input holds it.</summary>
    public static string Local(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A <c>datetime-local</c> value, read as UTC (the console shows every time in UTC).</summary>
    public static DateTime? Time(string? value, string field, string wrong, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (DateTime.TryParseExact(value.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        errors[field] = [wrong];
        return null;
    }

    private static int? Count(string? value, string field, string wrong, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        errors[field] = [wrong];
        return null;
    }
}
