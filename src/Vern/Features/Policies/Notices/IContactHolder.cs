namespace Vern.Features.Policies.Notices;

/// <summary>
/// A feature that holds people's contact addresses for some of the definition's purposes, and so says who a notice of a
/// change to those purposes goes to. The newsletter answers for its subscribers, the vault for the people its forms
/// recorded; a feature that holds addresses of its own adds one, and its people are told of changes with everyone else.
/// </summary>
internal interface IContactHolder
{
    /// <summary>
    /// The people held for any of <paramref name="purposes"/> whose address may be written to, with the language they
    /// read if known (null otherwise).
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string?>> ContactsAsync(IReadOnlyCollection<string> purposes, CancellationToken ct);
}
