using System.Globalization;
using Vern.Features.Policies;
using Vern.Features.Subjects;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Rights;

// The texts of every message about a request, one record per kind; the wording is in
// Texts/{language}/{Record}.json. Composite format strings so the values are filled in the same way
// in every language; a blank line starts a paragraph (MailBody), and the HTML part is rendered from the same words.

/// <summary>How a message about a request names the right and writes a date, in the person's language.</summary>
internal static class RequestWords
{
    /// <summary>The right as people say it: "withdraw consent", not "withdraw-consent"; "innsyn" in Norwegian.</summary>
    public static string Right(RightsRequestType type, string language) => Text<RightNames>.In(language).Names[type.ToWire()];

    public static string Date(DateOnly date, string language) => Dates.Long(date, language);

    public static string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}

/// <summary>What each right is called in a sentence, by its wire name: "withdraw consent", "innsyn".</summary>
internal sealed record RightNames(IReadOnlyDictionary<string, string> Names) : ITexts;

/// <summary>
/// The link to confirm a request. {0} the right, {1} the link, {2} the due date, {3} the controller, {4} its e-mail
/// address. Confirm: the link's words in the HTML part, where the address itself is not shown.
/// </summary>
internal sealed record VerificationTexts(string Subject, string Text, string Confirm) : ITexts;

/// <summary>Nothing was found under the address. {0} the request's reference.</summary>
internal sealed record UnidentifiedTexts(string Subject, string Text) : ITexts;

/// <summary>An extension (Art. 12(3)). {0} received, {1} the right, {2} the new due date, {3} the original one, {4} the reason.</summary>
internal sealed record ExtensionTexts(string Subject, string Text) : ITexts;

/// <summary>
/// A refusal (Art. 12(5)). {0} received, {1} the right, {2} the reason, {3} the authority's name,
/// {4} its address, {5} its website, {6} how to complain.
/// </summary>
internal sealed record RefusalTexts(string Subject, string Text) : ITexts;

/// <summary>What a rectification corrected. Corrected: {0} the names of the corrected details, never their values.</summary>
internal sealed record RectificationTexts(string Corrected, string Name, string Email, string Phone, string Company) : ITexts
{
    /// <summary>The names of the corrected details, joined: "name, phone number".</summary>
    public string Fields(PersonalDetails c) => string.Join(", ", new[]
    {
        c.Name is null ? null : Name, c.Email is null ? null : Email, c.Phone is null ? null : Phone, c.Company is null ? null : Company,
    }.OfType<string>());
}

/// <summary>A request nobody confirmed. {0} received, {1} the right, {2} how long we waited.</summary>
internal sealed record ExpiryTexts(string Subject, string Text, string Days, string Hours, string Minutes) : ITexts
{
    /// <summary>A duration in whole days, else hours, else minutes.</summary>
    public string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? RequestWords.Format(Days, span.TotalDays.ToString("0", CultureInfo.InvariantCulture))
        : span.TotalHours >= 1 ? RequestWords.Format(Hours, span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture))
        : RequestWords.Format(Minutes, span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture));

}

/// <summary>
/// The message that closes a request, and the lines Vern itself writes into it. Intro: {0} the right,
/// {1} the reference; Complaint: {0} the authority, {1} its complaint page; Until: {0} a date.
/// Lines written by the sources themselves (such as a connector's erasure detail) stay as the source wrote them.
/// </summary>
internal sealed record CompletionTexts(
    string Subject, string Intro, string Done, string Kept, string Open, string Complaint, string Until,
    string PackageReady, string PortableReady, string Included, string ExportFailed, string EraseFailed, string NothingLeft, string Erased,
    string Restricted, string Objected, string LimitFailed) : ITexts;
