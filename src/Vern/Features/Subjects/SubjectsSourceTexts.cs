using Vern.Infrastructure.Texts;

namespace Vern.Features.Subjects;

/// <summary>
/// What the contact details' part of an access package and an erasure says. Kept: {0} the hold's
/// reason, {1} its rule, and no full stop, as the date follows; ErasedMany: {0} the number of submissions.
/// </summary>
internal sealed record SubjectsSourceTexts(
    string Title, string Origin, string NothingHeld, string Kept, string Erased, string ErasedOne, string ErasedMany) : ITexts;
