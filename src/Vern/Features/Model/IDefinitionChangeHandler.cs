namespace Vern.Features.Model;

/// <summary>
/// A feature that acts when a new version of the definition is saved. <see cref="StageAsync"/> adds what it records to
/// the saving scope's database, so it commits with the version or not at all; <see cref="DeliverAsync"/> runs after that
/// commit (sending the e-mails staged with it).
/// </summary>
internal interface IDefinitionChangeHandler
{
    /// <summary>What makes <paramref name="after"/> unacceptable as the version that follows <paramref name="before"/>: the version is then refused.</summary>
    IReadOnlyList<ModelError> Check(PrivacyModel before, PrivacyModel after) => [];

    Task StageAsync(PrivacyModel before, PrivacyModel after, int version, string author, CancellationToken ct);

    Task DeliverAsync(CancellationToken ct);
}
