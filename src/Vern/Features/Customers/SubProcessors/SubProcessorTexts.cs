using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.SubProcessors;

/// <summary>What a customer's contact reads of a change to the sub-processors: the notice e-mail and the page to object on.</summary>
internal sealed record SubProcessorTexts(
    string NoticeSubject, string NoticeBody, string Added, string Changed, string Removed, string OutsideInstructions,
    string PageTitle, string PageIntro, string ReasonLabel, string ReasonRequired, string ObjectButton, string Objected,
    string AlreadyObjected, string Closed, string LinkUnknown, string ListedTooSoon) : ITexts;
