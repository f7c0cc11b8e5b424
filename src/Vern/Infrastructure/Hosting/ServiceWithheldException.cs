namespace Vern.Infrastructure.Hosting;

/// <summary>
/// Thrown where a block for suspected fraud refuses whoever is asking. <see cref="StorageUnavailable"/> answers it exactly
/// as it answers a database that cannot be reached, so the answer tells nobody that a block exists; the person learns of
/// it, and how to contest it, only by e-mail at their own address.
/// </summary>
internal sealed class ServiceWithheldException() : Exception("A block for suspected fraud refused the request.");
