namespace Vern.Infrastructure.Formats;

/// <summary>Free text as staff type it into a console form: trimmed, blank meaning none, and checked against a length.</summary>
internal static class FormText
{
    /// <summary>The text trimmed, or null when it is blank.</summary>
    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The text trimmed; records <paramref name="required"/> or <paramref name="tooLong"/> under <paramref name="field"/>
    /// when it is blank or longer than <paramref name="max"/>.
    /// </summary>
    public static string? Required(string? value, string field, int max, Dictionary<string, string[]> errors, string required, string tooLong)
    {
        var text = Trimmed(value);
        if (text is null)
            errors[field] = [required];
        else if (text.Length > max)
            errors[field] = [tooLong];
        return text;
    }
}
