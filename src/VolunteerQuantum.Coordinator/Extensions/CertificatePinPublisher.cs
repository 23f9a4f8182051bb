using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// Tells operators the pin of the served certificate: logs it at start-up (the standalone
/// executable prints nothing else), and keeps the generated enrollment-token file in step with TLS.
/// With a certificate that file holds <c>token#sha256:…</c> (the volunteer's EnrollmentString: one
/// string that is both the token and the pin), without one the bare token. Runs after
/// <see cref="CredentialSeeder"/> has written the file; the store, and so the server's check, only
/// ever holds the bare token.
/// </summary>
public sealed partial class CertificatePinPublisher(IOptions<CoordinatorOptions> options, CoordinatorEndpoints endpoints, ILogger<CertificatePinPublisher> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pin = endpoints.CertificateFingerprint;
        if (pin is not null)
        {
            LogServing(pin);
        }
        var path = Path.Combine(options.Value.DataDirectory, CredentialSeeder.EnrollmentTokenFile);
        if (!File.Exists(path))
        {
            return Task.CompletedTask;
        }
        var written = File.ReadAllText(path).Trim();
        var token = written.Split('#')[0];
        var wanted = pin is null ? token : $"{token}#{pin}";
        if (wanted != written)
        {
            // A certificate turned on, off or replaced since the file was written.
            CredentialSeeder.WriteOwnerOnly(path, wanted + "\n");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving TLS with the certificate {Pin}: volunteers and researchers pin it (--tls-pin, or an enrollment token ending in #{Pin})")]
    private partial void LogServing(string pin);
}
