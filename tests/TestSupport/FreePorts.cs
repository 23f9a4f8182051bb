using System.Net;
using System.Net.Sockets;

namespace VolunteerQuantum.TestSupport;

internal static class FreePorts
{
    /// <summary>
    /// A loopback port that was free a moment ago: for an address nothing listens on, or a fixed
    /// port a process must bind later (prefer port 0 where the listener can report what it got).
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
