namespace Vern.Features.Model;

/// <summary>
/// A feature that acts when a new version of the definition is saved. <see cref="StageAsync"/> adds what it records to
/// the saving scope's database, so it commits with the version or not at all; <see cref="DeliverAsync"/> runs after that
/// commit (sending the e-mails staged with it).
/// </summary>
internal interface IDefinitionChangeHandler
{
    Task StageAsync(PrivacyModel before, PrivacyModel after, int version, string author, CancellationToken ct);

    Task DeliverAsync(CancellationToken ct);
}
