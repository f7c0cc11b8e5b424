using Vern.Infrastructure.Texts;

namespace Vern.Features.Disclosures;

/// <summary>
/// What the disclosure register says: its form mistakes (UnknownRecipient, UnknownCategory, PersonNotFound: {0} the value
/// given; TooLong: {0} the limit), and its part of a person's access package and erasure (Kept: {0} the number of disclosures), and the privacy officers' reminder of a gag due for review ({0} the recipient, {1} the
/// statute or order, {2} the review date, {3} the link).
/// </summary>
internal sealed record DisclosureTexts(
    string Required, string TooLong, string UnknownRecipient, string UnknownCategory, string CategoriesRequired,
    string PersonsRequired, string PersonNotFound, string DateInvalid, string DateInFuture, string ReviewNotAfterToday, string NotGagged,
    string SourceTitle, string SourceOrigin, string NothingHeld, string Kept, string ReviewReminderSubject, string ReviewReminderBody) : ITexts;
