using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Requests;

/// <summary>What a customer's contact reads about the requests they forward: the portal's form and list, and the answer by e-mail.</summary>
internal sealed record ForwardTexts(
    string CustomerUnknown, string KindRequired, string EndUserRequired, string DetailsTooLong,
    string AnsweredSubject, string AnsweredBody, string ResultWaiting, string ReminderSubject, string ReminderBody,
    string RequestsTitle, string RequestsIntro, string CustomerLabel, string KindLabel, string EndUserLabel, string DetailsLabel,
    string ForwardButton, string Forwarded, string Received, string Due, string State, string DownloadResult, string NoRequests,
    string ApiKeysTitle, string ApiKeysIntro, string KeyNameLabel, string IssueKey, string KeyIssued, string KeyNameRequired, string NoKeys, string KeyLastUsed, string KeyNeverUsed, string RevokeKey,
    IReadOnlyDictionary<ForwardedKind, string> Kinds, IReadOnlyDictionary<ForwardedStatus, string> Statuses) : ITexts;
