using System.Net;
using System.Net.Sockets;

namespace VolunteerQuantum.Volunteer.Tests.Support;

/// <summary>A loopback port nothing listens on now (for a dead coordinator, or one started later).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
