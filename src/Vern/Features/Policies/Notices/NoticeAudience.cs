using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Newsletter.Campaigns;
using Vern.Features.Subjects;
using Vern.Infrastructure.Email;
using Vern.Infrastructure.Hosting;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies.Notices;

/// <summary>
/// A notice's recipients: the people held for the purposes it was sent for (<see cref="IContactHolder"/>) who read the
/// language of the version it announces, or who read a language with no policy of its own and so the default one. A
/// notice is not marketing: it goes to subscribers and form senders alike, and only an erasure stops it.
/// </summary>
internal sealed class NoticeAudience(AppDb db, ChangeNotices notices, SubjectVault vault, IEnumerable<INoticeAddition> additions, PublicUrl site) : ICampaignAudience
{
    /// <summary>The version the notice being sent announces: read once, not per slice.</summary>
    private PolicyVersion? version;

    public CampaignKind Kind => CampaignKind.Notice;

    public async Task<IReadOnlyList<CampaignRecipient>> RecipientsAsync(Campaign campaign, CancellationToken ct)
    {
        var language = campaign.Editions.Keys.Single();
        var withPolicy = (await db.PolicyVersions.Where(v => v.Status == PolicyStatus.Published).Select(v => v.Language).Distinct().ToListAsync(ct)).ToHashSet();
        var contacts = await notices.ContactsAsync(campaign.Audience, ct);
        return [.. contacts.Where(c => (c.Value is { } reads && withPolicy.Contains(reads) ? reads : Languages.Default) == language)
            .Select(c => c.Key).Order().Select(subject => new CampaignRecipient(null, subject))];
    }

    public async Task<IReadOnlyDictionary<Guid, AddressedMessage>> AddressAsync(Campaign campaign, IReadOnlyList<CampaignMessage> slice, CancellationToken ct)
    {
        var version = this.version is { } known && known.Id == campaign.PolicyVersionId
            ? known
            : this.version = await db.PolicyVersions.AsNoTracking().SingleAsync(v => v.Id == campaign.PolicyVersionId, ct);
        var emails = await vault.RevealEmailsAsync([.. slice.Select(m => m.SubjectId).OfType<Guid>()], ct);
        var lines = new List<IReadOnlyDictionary<Guid, NoticeLine>>();
        foreach (var addition in additions)
            lines.Add(await addition.LinesAsync(emails.Keys, version.Language, ct));
        var addressed = new Dictionary<Guid, AddressedMessage>(slice.Count);
        foreach (var message in slice)
            addressed[message.Id] = message.SubjectId is { } subject && emails.TryGetValue(subject, out var email)
                ? new AddressedMessage(await EmailAsync(email, version, campaign.Editions[version.Language].Subject, [.. lines.Select(l => l.GetValueOrDefault(subject)).OfType<NoticeLine>()]), null)
                : new AddressedMessage(null, "erased");
        return addressed;
    }

    /// <summary>Nothing to mark: the next notice tries the address again.</summary>
    public Task RefusedAsync(CampaignMessage message, CancellationToken ct) => Task.CompletedTask;

    private Task<OutgoingEmail> EmailAsync(string email, PolicyVersion version, string subject, IReadOnlyList<NoticeLine> added)
    {
        var language = version.Language;
        var t = Text<NoticeTexts>.In(language);
        var body = new MailBody().Paragraphs(t.Intro, Dates.Long(version.EffectiveDate!.Value, language));
        if (version.ChangeSummary is { } summary)
            body.Paragraphs(t.WhatChanges, summary);
        body.Paragraphs(t.ReadChanges, MailLink.To(site.Link($"/privacy/policy/versions/{version.Number}?lang={language}")));
        foreach (var line in added)
            body.Paragraphs(line.Format, MailLink.To(line.Link));
        return body.Paragraphs(t.Why, MailLink.To(site.Link($"/privacy?lang={language}")))
            .ToEmailAsync(email, subject, language);
    }
}
