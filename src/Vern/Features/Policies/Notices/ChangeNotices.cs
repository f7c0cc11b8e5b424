using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Newsletter.Campaigns;

namespace Vern.Features.Policies.Notices;

/// <summary>One purpose whose people a notice can go to: how many Vern holds an address for, and whether the change touches it.</summary>
internal sealed record NoticeGroup(string Purpose, string Name, int People, bool Touched);

/// <summary>
/// The notices of significant policy changes. Publishing a significant version queues its notice at once (a campaign of
/// kind <see cref="CampaignKind.Notice"/>, sent by <see cref="CampaignSending"/> with its durable queue), so that it goes
/// before the change takes effect; an effective date sooner than <c>Notices:Days</c> (30 by default) needs a written
/// reason, which is audited with the publication.
/// </summary>
internal sealed class ChangeNotices(AppDb db, ModelStore models, IEnumerable<IContactHolder> holders, IConfiguration configuration)
{
    /// <summary>The notice period: how many days before a significant change takes effect its notice must go.</summary>
    public int Days => Math.Max(0, configuration.GetValue("Notices:Days", 30));

    /// <summary>
    /// The definition's purposes, each with the number of people held for it; a purpose is touched when its id or its
    /// name in the version's language is on a changed line of <paramref name="diff"/>. When none is, the change is read
    /// as touching them all.
    /// </summary>
    public async Task<IReadOnlyList<NoticeGroup>> GroupsAsync(PolicyVersion version, IReadOnlyList<DiffLine> diff, CancellationToken ct)
    {
        var changed = diff.Where(d => d.Kind != DiffLineKind.Unchanged).Select(d => d.Text).ToList();
        var groups = new List<NoticeGroup>();
        foreach (var purpose in models.Current.Model.Purposes)
        {
            var name = purpose.Name[version.Language];
            var touched = changed.Any(line => line.Contains(purpose.Id, StringComparison.OrdinalIgnoreCase)
                || (name.Length > 0 && line.Contains(name, StringComparison.OrdinalIgnoreCase)));
            groups.Add(new NoticeGroup(purpose.Id, name, (await ContactsAsync([purpose.Id], ct)).Count, touched));
        }
        return groups.Any(g => g.Touched) ? groups : [.. groups.Select(g => g with { Touched = true })];
    }

    public bool IsPurpose(string id) => models.Current.Model.Purpose(id) is not null;

    /// <summary>Everyone held for any of <paramref name="purposes"/>, with the language they read where one is known.</summary>
    public async Task<IReadOnlyDictionary<Guid, string?>> ContactsAsync(IReadOnlyCollection<string> purposes, CancellationToken ct)
    {
        var contacts = new Dictionary<Guid, string?>();
        foreach (var holder in holders)
            foreach (var (subject, language) in await holder.ContactsAsync(purposes, ct))
                if (contacts.GetValueOrDefault(subject) is null)
                    contacts[subject] = language;
        return contacts;
    }

    /// <summary>
    /// Adds the notice of <paramref name="version"/>, due now, to go to the people held for <paramref name="purposes"/>
    /// who read its language (not saved: the publication saves it, so a version is never published without its notice).
    /// </summary>
    public void Add(PolicyVersion version, IReadOnlyList<string> purposes, string staff, DateTime now)
    {
        var date = Dates.Long(version.EffectiveDate!.Value, version.Language);
        var t = Infrastructure.Texts.Text<NoticeTexts>.In(version.Language);
        db.Campaigns.Add(new Campaign
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(now, TimeSpan.Zero)),
            Kind = CampaignKind.Notice,
            Title = $"Notice: {version.Language} policy version {version.Number}",
            Audience = [.. purposes],
            PolicyVersionId = version.Id,
            Editions = new() { [version.Language] = new CampaignEdition(string.Format(System.Globalization.CultureInfo.InvariantCulture, t.Subject, date), version.ChangeSummary ?? "") },
            Status = CampaignStatus.Scheduled,
            CreatedBy = staff,
            CreatedAt = now,
            ScheduledFor = now,
        });
    }

    /// <summary>The notice of each of <paramref name="versions"/> that has one.</summary>
    public Task<Dictionary<int, Campaign>> OfAsync(IReadOnlyCollection<int> versions, CancellationToken ct) =>
        db.Campaigns.AsNoTracking().Where(c => c.Kind == CampaignKind.Notice && c.PolicyVersionId != null && versions.Contains(c.PolicyVersionId.Value))
            .ToDictionaryAsync(c => c.PolicyVersionId!.Value, ct);
}
