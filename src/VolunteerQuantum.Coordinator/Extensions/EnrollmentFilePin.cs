using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// Keeps the generated enrollment-token file in step with TLS: with a certificate it holds
/// <c>token#sha256:…</c> (the volunteer's EnrollmentString: one string that is both the token and
/// the pin), without one the bare token. Runs after <see cref="CredentialSeeder"/> has written the
/// file; the store, and so the server's check, only ever holds the bare token.
/// </summary>
public sealed class EnrollmentFilePin(IOptions<CoordinatorOptions> options, CoordinatorEndpoints endpoints) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.Value.DataDirectory, CredentialSeeder.EnrollmentTokenFile);
        if (!File.Exists(path))
        {
            return Task.CompletedTask;
        }
        var written = File.ReadAllText(path).Trim();
        var token = written.Split('#')[0];
        var wanted = endpoints.CertificateFingerprint is { } pin ? $"{token}#{pin}" : token;
        if (wanted != written)
        {
            // A certificate turned on, off or replaced since the file was written.
            CredentialSeeder.WriteOwnerOnly(path, wanted + "\n");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
