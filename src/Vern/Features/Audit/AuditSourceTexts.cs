using Vern.Infrastructure.Texts;

namespace Vern.Features.Audit;

/// <summary>What the audit trail's part of an access package and an erasure says. Kept: {0} the number of entries. You, Automated, Staff: who handled the data.</summary>
internal sealed record AuditSourceTexts(string Title, string Origin, string NothingHeld, string Kept, string You, string Automated, string Staff) : ITexts;
