using System.Net;
using System.Net.Sockets;

namespace LiveWire.Realtime;

/// <summary>The key the per-address limits count a client under.</summary>
public static class ClientAddresses
{
    /// <summary>
    /// <paramref name="address"/> itself for IPv4 (and IPv4 mapped into IPv6); for IPv6 its /64 network, since one
    /// subscriber holds a whole /64 and could otherwise take a fresh budget from every address in it.
    /// </summary>
    public static IPAddress PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
