using System.Net;
using System.Net.Sockets;

namespace VolunteerQuantum.EndToEnd.Tests.Support;

internal static class FreePorts
{
    /// <summary>A loopback port that was free a moment ago (the coordinator needs fixed ports to be restarted on).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
