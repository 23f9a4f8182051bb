using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>
/// A real coordinator on loopback (free ports, a fresh data directory, fast lease clocks) and
/// clients talking to it through a real GrpcChannel. Disposing checks that the server logged no
/// unexpected error.
/// </summary>
public sealed class TestCoordinator : IAsyncDisposable
{
    public const string ApiKey = "test-api-key";
    public const string EnrollmentToken = "test-enrollment-token";

    private readonly RecordingLoggerProvider _log = new();
    private EmbeddedCoordinator? _coordinator;
    private GrpcChannel? _channel;

    private TestCoordinator(string dataDirectory, bool ownsDirectory)
    {
        DataDirectory = dataDirectory;
        OwnsDirectory = ownsDirectory;
    }

    public string DataDirectory { get; }

    private bool OwnsDirectory { get; }

    public EmbeddedCoordinator Server => _coordinator ?? throw new InvalidOperationException("not started");

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public ProjectService.ProjectServiceClient Projects => new(Channel);

    public VolunteerService.VolunteerServiceClient Volunteers => new(Channel);

    public StatusService.StatusServiceClient Status => new(Channel);

    public AdminService.AdminServiceClient Admin => new(Channel);

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    /// <summary>
    /// An enrollment token of the volunteer account <paramref name="account"/>, created through the
    /// admin service the first time: hosts of one account never hold two replicas of a unit.
    /// </summary>
    public async Task<string> TokenForAsync(string account)
    {
        if (!_tokens.TryGetValue(account, out var token))
        {
            var issued = await Admin.AddAccountAsync(new AddAccountRequest { Name = account, Kind = AccountKind.Volunteer }, ApiKeyHeaders);
            _tokens[account] = token = issued.Secret;
        }
        return token;
    }

    /// <summary>Records as the store holds them (for checks the wire does not show).</summary>
    public Storage.UnitRecord Unit(string unitId) => Read(store => store.Units.FindById(unitId)!);

    public Storage.ProjectRecord Project(string projectId) => Read(store => store.Projects.FindById(projectId)!);

    public Storage.ReplicaRecord Replica(string replicaId) => Read(store => store.Replicas.FindById(replicaId)!);

    /// <summary>Reads the store directly, under its lock (what a test checks was or was not written).</summary>
    public T Read<T>(Func<Storage.GridStore, T> read)
    {
        var store = Server.Services.GetRequiredService<Storage.GridStore>();
        lock (store.Gate)
        {
            return read(store);
        }
    }

    /// <summary>A new researcher account and an API key of it (not an admin).</summary>
    public async Task<Metadata> ResearcherAsync(string account)
    {
        var issued = await Admin.AddAccountAsync(new AddAccountRequest { Name = account, Kind = AccountKind.Researcher }, ApiKeyHeaders);
        return new Metadata { { "vq-api-key", issued.Secret } };
    }

    public static Metadata ApiKeyHeaders => new() { { "vq-api-key", ApiKey } };

    /// <param name="clock">A clock of the test's (a FakeTimeProvider) for leases, quotas and the pipeline's back-off.</param>
    public static async Task<TestCoordinator> StartAsync(Action<CoordinatorOptions>? configure = null, string? dataDirectory = null, Pipeline.PipelineProbe? probe = null, TimeProvider? clock = null)
    {
        var coordinator = new TestCoordinator(dataDirectory ?? Directory.CreateTempSubdirectory("vq-coord-").FullName, dataDirectory is null) { Probe = probe, Clock = clock };
        await coordinator.StartServerAsync(configure);
        return coordinator;
    }

    /// <summary>Stops the server (as a crash would, without touching the data) and starts a new one on the same data.</summary>
    public async Task RestartAsync(Action<CoordinatorOptions>? configure = null)
    {
        await StopServerAsync();
        await StartServerAsync(configure);
    }

    /// <summary>The project once it is no longer running (delivered by the pipeline, failed or cancelled).</summary>
    public Task<ProjectInfo> EndedAsync(string projectId, Metadata? headers = null) =>
        Eventually.ValueAsync(
            async () => await Projects.GetProjectAsync(new ProjectRequest { ProjectId = projectId }, headers ?? ApiKeyHeaders),
            p => p.State != ProjectState.Running,
            $"project {projectId} to end");

    /// <summary>Once the validator judged the unit of this replica (at once when no result of it waits).</summary>
    public Task JudgedAsync(string replicaId)
    {
        var unitId = Replica(replicaId)?.UnitId;
        return unitId is null
            ? Task.CompletedTask
            : Eventually.TrueAsync(() => Unit(unitId) is not { NeedsJudging: true }, $"unit {unitId} to be judged");
    }

    /// <summary>The coordinator's clock when the test brings one (set before a start or restart); null: the system's.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>The probe the pipeline services call before each item (set it before a start or restart); null: the product's.</summary>
    public Pipeline.PipelineProbe? Probe { get; set; }

    public IReadOnlyCollection<string> LoggedErrors => _log.Errors;

    /// <summary>What the server logged at Information or above, in order.</summary>
    public IReadOnlyCollection<(LogLevel Level, string Category, string Text)> LoggedEntries => _log.Entries;

    private async Task StartServerAsync(Action<CoordinatorOptions>? configure)
    {
        var options = new CoordinatorOptions
        {
            DataDirectory = DataDirectory,
            GrpcPort = 0,
            HttpPort = 0,
            ApiKeys = ["admin=" + ApiKey],
            EnrollmentTokens = [EnrollmentToken],
            HeartbeatIntervalSeconds = 0.5,
            MissedHeartbeats = 2,
            LeaseSweepSeconds = 0.1,
            MinimumDeadlineSeconds = 30,
            NoWorkRetrySeconds = 0.1,
            // The scheduling and verification tests lease a unit's replicas side by side, then
            // submit them; the trust tests set the product's default (one at a time) themselves.
            ParallelReplicas = true,
        };
        configure?.Invoke(options);
        _coordinator = await EmbeddedCoordinator.StartAsync(options, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(_log);
        }, services: services =>
        {
            if (Probe is { } probe)
            {
                services.AddSingleton(probe);
            }
            if (Clock is { } clock)
            {
                services.AddSingleton(clock);
            }
        });
        _channel = GrpcChannel.ForAddress(_coordinator.GrpcAddress, new GrpcChannelOptions { HttpHandler = TrustingServedCertificate(), DisposeHttpClient = true });
    }

    /// <summary>
    /// A handler for this coordinator's own address: with TLS it trusts exactly the served
    /// certificate (by fingerprint, as a pinned volunteer does); without, the default.
    /// </summary>
    public SocketsHttpHandler TrustingServedCertificate()
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (Server.CertificateFingerprint is { } fingerprint)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())) == fingerprint;
        }
        return handler;
    }

    private async Task StopServerAsync()
    {
        _channel?.Dispose();
        _channel = null;
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
            _coordinator = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        if (OwnsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a dying server: the temp folder is swept by the OS.
            }
        }
        Assert.DoesNotContain(_log.Errors, e => ExpectedError?.Invoke(e) != true);
    }

    /// <summary>Errors the test provokes on purpose (a poison project): disposing does not fail on them.</summary>
    public Func<string, bool>? ExpectedError { get; set; }
}
