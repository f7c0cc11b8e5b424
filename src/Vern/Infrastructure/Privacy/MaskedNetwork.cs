using System.Net;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// An IP address reduced to its network before anything keeps it: an IPv4 address to its /24, an IPv6 address to its
/// /48, the prefixes Matomo and most analytics tools mask to. It still tells a network that misbehaves from the rest,
/// and no longer one household or device from its neighbours.
/// </summary>
internal static class MaskedNetwork
{
    public static string? Of(IPAddress? address)
    {
        if (address is null)
            return null;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        var (keep, prefix) = bytes.Length == 4 ? (3, 24) : (6, 48);
        Array.Clear(bytes, keep, bytes.Length - keep);
        return $"{new IPAddress(bytes)}/{prefix}";
    }
}
