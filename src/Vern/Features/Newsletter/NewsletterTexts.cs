using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter;

/// <summary>
/// The newsletter's fixed wording: the e-mails, the confirmation page (whose consent wording is hashed into the
/// ledger record of the confirmation) and the subscriber's page. Confirm*: the confirmation page; the category's
/// name and description come from the definition.
/// </summary>
internal sealed class NewsletterTexts : ITexts
{
    /// <summary>The footer form's answer.</summary>
    public required string Sent { get; init; }
    public required string EmailInvalid { get; init; }
    public required string LanguageInvalid { get; init; }
    public required string ConfirmMailSubject { get; init; }
    /// <summary><c>{0}</c> the confirmation link, <c>{1}</c> how long it is valid.</summary>
    public required string ConfirmMailText { get; init; }
    /// <summary><c>{0}</c> a number of days.</summary>
    public required string Days { get; init; }
    public required string WelcomeMailSubject { get; init; }
    /// <summary><c>{0}</c> the subscriber's page.</summary>
    public required string WelcomeMailText { get; init; }
    /// <summary>The end of every newsletter e-mail: <c>{0}</c> the subscriber's page, <c>{1}</c> the one-click unsubscribe link.</summary>
    public required string MailFooter { get; init; }
    public required string ConfirmTitle { get; init; }
    /// <summary>What the person agrees to by confirming; <c>{0}</c> the category's name, <c>{1}</c> its description.</summary>
    public required string ConfirmConsent { get; init; }
    public required string ConfirmButton { get; init; }
    public required string Confirmed { get; init; }
    /// <summary>A subscriber confirmed a changed wording of the newsletter's consent.</summary>
    public required string ConfirmedAgain { get; init; }
    /// <summary>In a notice of change, to a subscriber who confirmed an earlier wording; <c>{0}</c> the confirmation link.</summary>
    public required string ConfirmAgain { get; init; }
    public required string ConfirmInvalid { get; init; }
    public required string PageTitle { get; init; }
    /// <summary><c>{0}</c> the category's name, <c>{1}</c> the date of the confirmation, <c>{2}</c> the language's name.</summary>
    public required string PageSubscribed { get; init; }
    /// <summary><c>{0}</c> the date they unsubscribed.</summary>
    public required string PageUnsubscribed { get; init; }
    public required string PagePending { get; init; }
    public required string PageInvalid { get; init; }
    public required string Receipt { get; init; }
    public required string LanguageLabel { get; init; }
    public required string ChangeLanguage { get; init; }
    public required string LanguageChanged { get; init; }
    public required string UnsubscribeButton { get; init; }
    public required string UnsubscribeDone { get; init; }
    /// <summary>The unsubscribe form's separate choice to be kept longer; <c>{0}</c> for how long, in words.</summary>
    public required string KeepDetails { get; init; }
    /// <summary><c>{0}</c> why, from the definition's retention rule; <c>{1}</c> how long the rule keeps them otherwise.</summary>
    public required string KeepDetailsHint { get; init; }
    /// <summary><c>{0}</c> the day the details are deleted.</summary>
    public required string PageDeletedOn { get; init; }
    /// <summary><c>{0}</c> the day the details are deleted, later because the person agreed.</summary>
    public required string PageKeptUntil { get; init; }
    public required string KeepDetailsWithdraw { get; init; }
    public required string KeepDetailsWithdrawn { get; init; }
    public required string PrivacyCentre { get; init; }
    public required IReadOnlyDictionary<string, string> Languages { get; init; }
}
