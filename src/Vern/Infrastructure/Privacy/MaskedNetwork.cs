using System.Net;

namespace Vern.Infrastructure.Privacy;

/// <summary>
/// An IP address reduced to its network before anything keeps it: by default an IPv4 address to its /24, an IPv6
/// address to its /48, the prefixes Matomo and most analytics tools mask to. It still tells a network that misbehaves
/// from the rest, and no longer one household or device from its neighbours.
/// </summary>
internal static class MaskedNetwork
{
    public static string? Of(IPAddress? address, int ipv4Prefix = 24, int ipv6Prefix = 48)
    {
        if (address is null)
            return null;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        var prefix = bytes.Length == 4 ? ipv4Prefix : ipv6Prefix;
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return $"{new IPAddress(bytes)}/{prefix}";
    }
}
