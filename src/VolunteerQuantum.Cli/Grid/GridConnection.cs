using Grpc.Core;
using Grpc.Net.Client;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>
/// A researcher's connection to a coordinator: the channel (over TLS for https://, checked against
/// a certificate pin if one is given) and the API key sent with every call.
/// </summary>
internal sealed class GridConnection : IDisposable
{
    public const string DefaultAddress = "http://127.0.0.1:7070";

    private readonly GrpcChannel _channel;

    public GridConnection(string address, string? apiKey, CertificatePin? pin = null)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new Commands.UsageException($"'{address}' is not a coordinator address: use https://host:port (or http://host:port for a plaintext grid)");
        }
        _channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 << 20,
            MaxSendMessageSize = 16 << 20,
            HttpHandler = CertificatePin.HandlerFor(uri, pin),
            DisposeHttpClient = true,
        });
        Address = uri;
        Headers = new Metadata();
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            Headers.Add("vq-api-key", apiKey.Trim());
        }
        Projects = new ProjectService.ProjectServiceClient(_channel);
        Status = new StatusService.StatusServiceClient(_channel);
        Admin = new AdminService.AdminServiceClient(_channel);
    }

    public Uri Address { get; }

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

    private static string? LocalApiKey()
    {
        var path = Path.Combine(CoordinatorOptions.DefaultDataDirectory(), CredentialSeeder.ApiKeyFile);
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

    public void Dispose() => _channel.Dispose();
}
