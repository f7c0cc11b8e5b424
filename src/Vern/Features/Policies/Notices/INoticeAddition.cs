namespace Vern.Features.Policies.Notices;

/// <summary>A paragraph added to one person's notice: its wording, whose <c>{0}</c> is the link.</summary>
internal sealed record NoticeLine(string Format, Uri Link);

/// <summary>
/// A feature's addition to the notice of change of some of its people: the newsletter asks the subscribers who confirmed
/// a wording of its consent that has changed since to confirm the new one.
/// </summary>
internal interface INoticeAddition
{
    /// <summary>
    /// The lines for those of <paramref name="subjects"/> it has one for, in <paramref name="language"/>. Called as their
    /// notices are about to go, once per slice.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, NoticeLine>> LinesAsync(IReadOnlyCollection<Guid> subjects, string language, CancellationToken ct);
}
