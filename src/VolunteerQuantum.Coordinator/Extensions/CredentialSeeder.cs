using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// Stores the API keys and enrollment tokens given in configuration. A grid started with none
/// gets one of each, generated once and written (owner-readable only) to its data directory, so a
/// first start works without any set-up and the secrets never appear in logs.
/// </summary>
public sealed partial class CredentialSeeder(Credentials credentials, IOptions<CoordinatorOptions> options, ILogger<CredentialSeeder> logger) : IHostedService
{
    public const string ApiKeyFile = "api-key";
    public const string EnrollmentTokenFile = "enrollment-token";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        foreach (var key in o.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            credentials.Add(CredentialKind.ApiKey, key.Trim(), "configuration");
        }
        foreach (var token in o.EnrollmentTokens.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            credentials.Add(CredentialKind.EnrollmentToken, token.Trim(), "configuration");
        }
        Generate(CredentialKind.ApiKey, ApiKeyFile, "vqk_");
        Generate(CredentialKind.EnrollmentToken, EnrollmentTokenFile, "vqe_");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Generate(CredentialKind kind, string fileName, string prefix)
    {
        var path = Path.Combine(options.Value.DataDirectory, fileName);
        if (credentials.Any(kind))
        {
            return;
        }
        var secret = Secrets.NewSecret(prefix);
        WriteOwnerOnly(path, secret + "\n");
        credentials.Add(kind, secret, "generated");
        LogGenerated(kind, path);
    }

    internal static void WriteOwnerOnly(string path, string content)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, fileOptions);
        writer.Write(content);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Kind} was configured: generated one and wrote it to {Path}")]
    private partial void LogGenerated(CredentialKind kind, string path);
}
