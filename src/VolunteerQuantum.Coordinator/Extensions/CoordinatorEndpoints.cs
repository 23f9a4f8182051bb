using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// The coordinator's two listeners. Kestrel writes the bound port back into each ListenOptions,
/// so after start-up these give the real addresses even when port 0 asked for any free port.
/// Both serve TLS when the coordinator has a certificate.
/// </summary>
public sealed class CoordinatorEndpoints
{
    internal ListenOptions? Grpc { get; set; }

    internal ListenOptions? Http { get; set; }

    internal X509Certificate2? Certificate { get; set; }

    /// <summary>The pin of the served certificate (sha256:&lt;64 hex&gt;), or null for plaintext.</summary>
    public string? CertificateFingerprint => Certificate is null ? null : CoordinatorCertificate.Fingerprint(Certificate);

    public Uri GrpcAddress => Address(Grpc) ?? throw new InvalidOperationException("the coordinator has not started");

    public Uri? HttpAddress => Address(Http);

    private Uri? Address(ListenOptions? listen) =>
        listen?.IPEndPoint is { } ep ? new Uri($"{(Certificate is null ? "http" : "https")}://{Host(ep.Address)}:{ep.Port}") : null;

    private static string Host(System.Net.IPAddress address) =>
        address.Equals(System.Net.IPAddress.Any) ? "127.0.0.1"
        : address.Equals(System.Net.IPAddress.IPv6Any) ? "[::1]"
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]"
        : address.ToString();
}
