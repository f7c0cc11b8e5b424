namespace Vern.Infrastructure.Privacy;

/// <summary>
/// An export that could not be made because the source (an external system) failed or answered
/// nonsense. Erasure and rectification report such failures as an outcome; an export has no outcome,
/// and returning an empty one would tell the person the source holds nothing about them, so it throws
/// this instead and the caller records the failure and tries again later.
/// </summary>
/// <param name="source">The source's <see cref="IPersonalDataSource.Name"/>.</param>
/// <param name="detail">What went wrong, without personal data (status codes, attempts).</param>
internal sealed class SourceUnavailableException(string source, string detail) : Exception(detail)
{
    public string SourceName { get; } = source;
}
