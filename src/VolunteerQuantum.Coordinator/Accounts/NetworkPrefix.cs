using System.Net;
using System.Net.Sockets;

namespace VolunteerQuantum.Coordinator.Accounts;

/// <summary>
/// The network a caller is on, as far as one owner can cheaply have many addresses: an IPv4 /24 or
/// an IPv6 /48. Loopback has none: hosts on the coordinator's own machine are told apart by
/// account only.
/// </summary>
public static class NetworkPrefix
{
    public static string Of(IPAddress? address)
    {
        if (address is null || IPAddress.IsLoopback(address))
        {
            return "";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetwork
            ? $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24"
            : $"{Convert.ToHexStringLower(bytes, 0, 6)}/48";
    }
}
