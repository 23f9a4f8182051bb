using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// The coordinator's two listeners. Kestrel writes the bound port back into each ListenOptions,
/// so after start-up these give the real addresses even when port 0 asked for any free port.
/// </summary>
public sealed class CoordinatorEndpoints
{
    internal ListenOptions? Grpc { get; set; }

    internal ListenOptions? Http { get; set; }

    public Uri GrpcAddress => Address(Grpc) ?? throw new InvalidOperationException("the coordinator has not started");

    public Uri? HttpAddress => Address(Http);

    private static Uri? Address(ListenOptions? listen) =>
        listen?.IPEndPoint is { } ep ? new Uri($"http://{(ep.Address.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : ep.Address.ToString())}:{ep.Port}") : null;
}
