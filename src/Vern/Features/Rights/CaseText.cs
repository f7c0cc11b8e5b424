namespace Vern.Features.Rights;

/// <summary>Text that staff write on a case and Vern stores: the reasons people are told, cut to the columns.</summary>
internal static class CaseText
{
    /// <summary>Cuts <paramref name="text"/> to what its column holds.</summary>
    public static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>
    /// A written reason the person will read: trimmed, present and at most <paramref name="max"/>
    /// characters. Returns the reason, or null with <paramref name="error"/> saying what is wrong.
    /// </summary>
    public static string? Reason(string? input, int max, string whenMissing, out string? error)
    {
        error = string.IsNullOrWhiteSpace(input) ? whenMissing
            : input.Trim().Length > max ? $"The reason must be at most {max} characters."
            : null;
        return error is null ? input!.Trim() : null;
    }
}
