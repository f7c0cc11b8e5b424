using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Newsletter.Campaigns;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies.Notices;

/// <summary>
/// The notices of policy changes a person was sent, in their access package: the version, its language and effective
/// date, what became of the message, when it went and its Message-ID. An erasure takes the person's id off the records;
/// the records stay, naming no one, as the count of who was told.
/// </summary>
internal sealed class NoticesSource(AppDb db) : IPersonalDataSource
{
    public string Name => "notices";

    // The rows are campaign messages, which the newsletter's source answers for as a type.
    public IReadOnlyList<Type> Covers { get; } = [];

    private static readonly string[] Columns = ["policyVersion", "language", "effectiveDate", "status", "sentAt", "messageId"];

    public async Task<SourceExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<NoticeTexts>.In(subject.Language);
        var notices = await (from m in db.CampaignMessages
                             join c in db.Campaigns on m.CampaignId equals c.Id
                             join v in db.PolicyVersions on c.PolicyVersionId equals v.Id
                             where m.SubjectId == subject.Id && c.Kind == CampaignKind.Notice
                             orderby m.Id
                             select new { v.Number, v.Language, v.EffectiveDate, m.Status, m.SentAt, m.MessageId }).ToListAsync(ct);
        var rows = notices.Select(n => (IReadOnlyList<string?>)[
            n.Number.ToString(CultureInfo.InvariantCulture), n.Language, n.EffectiveDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            n.Status.ToWire(), UtcInstants.Format(n.SentAt), n.MessageId]).ToList();
        return new SourceExport(Name, t.SourceTitle, t.SourceOrigin, Portable: false, Columns, rows);
    }

    public async Task<SourceErasure> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var t = Text<NoticeTexts>.In(subject.Language);
        // Not saved here: the request saves it with the rest of the erasure.
        var held = await db.CampaignMessages.Where(m => m.SubjectId == subject.Id).ToListAsync(ct);
        foreach (var message in held)
            message.SubjectId = null;
        return held.Count == 0 ? new SourceErasure(Name, ErasureOutcome.NothingHeld, t.NothingHeld) : new SourceErasure(Name, ErasureOutcome.Erased, t.Erased);
    }
}
