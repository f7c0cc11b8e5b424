using Vern.Infrastructure.Texts;

namespace Vern.Features.Blocks;

/// <summary>
/// What fraud blocks say: the console's form mistakes (TooLong, StatementTooLong, EndOutOfRange: {0} the limit; AlreadyBlocked: {0} the block's last day), the
/// e-mails to the person blocked, to the reviewers and to whoever contests, the privacy centre's contest page, and
/// the blocks' part of a person's access package and erasure (Kept: {0} the number of blocks).
/// </summary>
internal sealed record BlockTexts(
    string Required, string TooLong, string NoPurpose, string EmailInvalid, string AlreadyBlocked, string EndOutOfRange, string LanguageInvalid, string NotAHold, string NotInForce,
    string ContestDecided, string ContestUnknown, string OutcomeRequired, string StatementTooLong, string PlacedSubject, string PlacedBody, string HeldSubject, string HeldBody, string SignalFailedSubmissions,
    string ContestedSubject, string ContestedBody, string ReminderSubject, string ContestReceivedSubject, string ContestReceivedBody, string DecidedSubject, string LiftedBody, string UpheldBody,
    string ContestTitle, string ContestIntro, string ContestEmailLabel, string ContestStatementLabel, string ContestSubmit, string ContestSent,
    string SourceTitle, string SourceOrigin, string NothingHeld, string Kept) : ITexts;
