using Grpc.Core;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>
/// A researcher's connection to a grid: one or several coordinators (a channel each, over TLS for
/// https://, checked against a certificate pin if one is given; calls move to the next coordinator
/// while one is unreachable, saying so on stderr) and the API key sent with every call.
/// </summary>
internal sealed class GridConnection : IDisposable
{
    public const string DefaultAddress = "http://127.0.0.1:7070";

    private readonly CoordinatorPool _pool;

    /// <param name="address">One coordinator address, or several separated by commas.</param>
    /// <param name="switched">Where to say that a coordinator was left for the next (default: stderr).</param>
    public GridConnection(string address, string? apiKey, CertificatePin? pin = null, TextWriter? switched = null)
    {
        // A bad address or a pin on an http:// one is a FormatException naming it: exit 1, as before.
        var notices = switched ?? Console.Error;
        _pool = new CoordinatorPool(address, pin, o =>
        {
            o.MaxReceiveMessageSize = 16 << 20;
            o.MaxSendMessageSize = 16 << 20;
        }, line => notices.WriteLine(Output.TerminalText.Clean(line)));
        Headers = new Metadata();
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            Headers.Add("vq-api-key", apiKey.Trim());
        }
        var invoker = new FailoverCallInvoker(_pool);
        Projects = new ProjectService.ProjectServiceClient(invoker);
        Status = new StatusService.StatusServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
    }

    /// <summary>The coordinator in use now.</summary>
    public Uri Address => new(_pool.Current);

    /// <summary>Whether there is another coordinator to turn to when one goes away.</summary>
    public bool HasAlternatives => _pool.Addresses.Count > 1;

    public Metadata Headers { get; }

    public ProjectService.ProjectServiceClient Projects { get; }

    public StatusService.StatusServiceClient Status { get; }

    public AdminService.AdminServiceClient Admin { get; }

    /// <summary>
    /// The address from --coordinator, else VQ_COORDINATOR, else the local default; the key from
    /// --api-key, else VQ_API_KEY, else the key a local coordinator generated in its default data
    /// directory; the certificate pin from --tls-pin, else VQ_TLS_PIN, else none.
    /// </summary>
    public static GridConnection Resolve(string? address, string? apiKey, string? pin = null)
    {
        var resolvedAddress = address ?? Environment.GetEnvironmentVariable("VQ_COORDINATOR") ?? DefaultAddress;
        var resolvedKey = apiKey ?? Environment.GetEnvironmentVariable("VQ_API_KEY") ?? LocalApiKey();
        var resolvedPin = CertificatePin.ParseOptional(pin ?? Environment.GetEnvironmentVariable(TlsPinVariable));
        return new GridConnection(resolvedAddress, resolvedKey, resolvedPin);
    }

    public const string TlsPinVariable = "VQ_TLS_PIN";

    /// <summary>Where a local coordinator with the default data directory keeps its admin key.</summary>
    public static string LocalApiKeyPath => Path.Combine(CoordinatorOptions.DefaultDataDirectory(), CredentialSeeder.ApiKeyFile);

    private static string? LocalApiKey()
    {
        var path = LocalApiKeyPath;
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Downloads a completed project's result (JSON) or state (.npy) into <paramref name="destination"/>.</summary>
    public async Task DownloadAsync(string projectId, ResultFormat format, Stream destination, CancellationToken cancellationToken)
    {
        using var call = Projects.DownloadResult(new DownloadResultRequest { ProjectId = projectId, Format = format }, Headers, cancellationToken: cancellationToken);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            await destination.WriteAsync(chunk.Data.Memory, cancellationToken);
        }
    }

    public void Dispose() => _pool.Dispose();
}
