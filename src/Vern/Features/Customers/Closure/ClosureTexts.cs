using Vern.Infrastructure.Texts;

namespace Vern.Features.Customers.Closure;

/// <summary>What a customer's contacts read when its licence ends: the e-mails, the portal's part, and the privacy officers' warning.</summary>
internal sealed record ClosureTexts(
    string EndedSubject, string EndedBody, string DeletedSubject, string DeletedBody, string EscalationSubject, string EscalationBody, string ExportEscalationSubject, string ExportEscalationBody,
    string Title, string ExportOffered, string ExportPreparing, string ExportNone, string DownloadExport, string DeleteNow, string DeleteNowHint, string DeleteNowSure,
    string Deleting, string Deleted, string DownloadCertificate) : ITexts;
