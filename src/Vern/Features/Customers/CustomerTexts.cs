using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers;

/// <summary>What the console says of a customer form's mistakes, and what an access package says of a customer contact's data.</summary>
internal sealed record CustomerTexts(
    string OrganisationRequired, string CountryInvalid, string DateInvalid, string EndBeforeStart, string ActivityRequired,
    string ActivityUnknown, string RegionInvalid, string RegionExcludes, string RetentionInvalid, string InstructionsTooLong,
    string NameRequired, string EmailInvalid, string TitleTooLong, string ContactExists, string ContactRefused,
    string SourceTitle, string SourceOrigin, string NothingHeld, string Erased, string AcceptedRow, string ObjectedRow) : ITexts;
