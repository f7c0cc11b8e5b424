using Vern.Infrastructure.Texts;

namespace Vern.Features.Subjects;

/// <summary>
/// What the contact details' part of an access package and an erasure says. Kept: {0} the hold's
/// reason, {1} its rule, and no full stop, as the date follows; ErasedMany: {0} the number of submissions.
/// A consent to keep longer in the package: KeepLonger with {0} the most it extends the rule, in words, and {1} the
/// purpose, then one of KeepLongerUntil, KeepLongerWithdrawn or KeepLongerEnded (each starting with a space) with {0}
/// a date; KeepLongerWithdrawnNow is what a withdraw-consent request tells the person.
/// </summary>
internal sealed record SubjectsSourceTexts(
    string Title, string Origin, string NothingHeld, string Kept, string Erased, string ErasedOne, string ErasedMany,
    string KeepLonger, string KeepLongerUntil, string KeepLongerWithdrawn, string KeepLongerEnded, string KeepLongerWithdrawnNow) : ITexts;
