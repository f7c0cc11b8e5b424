using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Agreements;

/// <summary>What a customer's contact reads: the e-mails asking them to accept the agreement and with its receipt, and the acceptance page.</summary>
internal sealed record AgreementTexts(
    string InviteSubject, string InviteBody, string ReceiptSubject, string ReceiptBody,
    string PageTitle, string PageIntro, string HashLabel, string AcceptButton, string Accepted, string ReceiptLabel,
    string LinkUnknown, string LinkUsed, string LinkExpired, string Superseded) : ITexts;
