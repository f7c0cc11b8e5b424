using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Portal;

/// <summary>What a customer's privacy contact reads in the portal, and the e-mail that signs them in.</summary>
internal sealed record PortalTexts(
    string SignInTitle, string SignInIntro, string EmailLabel, string SendLink, string LinkSent, string EmailInvalid,
    string MailSubject, string MailBody, string LinkTitle, string SignInButton, string LinkInvalid,
    string PortalTitle, string PortalIntro, string Licence, string NoEnd, string Agreement, string AgreementNone, string AgreementAccepted,
    string AgreementOutdated, string SubProcessors, string Country, string WhatTheyDo, string Safeguard, string Coming, string ComingNone,
    string ReadAgreement, string YourReceipts, string DownloadReceipt, string YourObjections, string ObjectionOpen, string ObjectionResolved,
    string Accommodated, string MayTerminate, string AgreementTitle, string SignOut) : ITexts;
