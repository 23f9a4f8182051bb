using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using GridStore = VolunteerQuantum.Coordinator.Storage.GridStore;
using ReplicaRecord = VolunteerQuantum.Coordinator.Storage.ReplicaRecord;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Tests.Support;

/// <summary>A real coordinator on loopback and volunteer daemons in this process, with fake system readings.</summary>
public sealed class LoopbackGrid : IAsyncDisposable
{
    private readonly EmbeddedCoordinator _coordinator;
    private readonly GrpcChannel _channel;

    private LoopbackGrid(EmbeddedCoordinator coordinator, string root)
    {
        _coordinator = coordinator;
        Root = root;
        _channel = GrpcChannel.ForAddress(coordinator.GrpcAddress);
    }

    public string Root { get; }

    public Metadata Key { get; } = new() { { "vq-api-key", "key" } };

    public ProjectService.ProjectServiceClient Projects => new(_channel);

    public StatusService.StatusServiceClient Status => new(_channel);

    public static async Task<LoopbackGrid> StartAsync(double heartbeatSeconds)
    {
        var root = Directory.CreateTempSubdirectory("vq-policy-").FullName;
        var coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(root, "coordinator"),
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = ["admin=key"],
            EnrollmentTokens = ["token"],
            HeartbeatIntervalSeconds = heartbeatSeconds,
            NoWorkRetrySeconds = 0.1,
        }, l => l.ClearProviders());
        return new LoopbackGrid(coordinator, root);
    }

    /// <summary>A volunteer that samples its (fake) readings every 50 ms and reacts to one sample.</summary>
    /// <param name="misbehave">A test misbehaviour of the daemon's (e.g. "other-seed"); empty: honest.</param>
    public Task<EmbeddedVolunteer> StartVolunteerAsync(string dataDirectory, ISystemReadings readings, double checkpointSeconds, ComputingMode mode = ComputingMode.Auto, string misbehave = "") =>
        EmbeddedVolunteer.StartAsync(new VolunteerOptions
        {
            Coordinator = _coordinator.GrpcAddress.ToString(),
            DataDirectory = dataDirectory,
            // Each volunteer an account of its own, named after its data directory.
            EnrollmentToken = _coordinator.NewVolunteerAccount(Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory))),
            Owner = "tester",
            MaxThreads = 1,
            MaxMemoryBytes = 1L << 30,
            CheckpointSeconds = checkpointSeconds,
            LowerPriority = false,
            Policy = new ComputingPolicyOptions { Mode = mode, SampleSeconds = 0.05, SamplesToSuspend = 1, SamplesToResume = 1 },
            Misbehave = misbehave,
        }, l => l.ClearProviders(), s => s.AddSingleton(readings));

    public ReplicaRecord[] Replicas(string projectId)
    {
        var store = _coordinator.Services.GetRequiredService<GridStore>();
        lock (store.Gate)
        {
            return [.. store.Replicas.OfProject(projectId)];
        }
    }

    public async Task<ProjectInfo> WaitForEndAsync(string projectId, TimeSpan timeout)
    {
        ProjectInfo? info = null;
        await WaitUntilAsync(async () =>
        {
            info = await Projects.GetProjectAsync(new ProjectRequest { ProjectId = projectId }, Key);
            return info.State != ProjectState.Running;
        }, timeout, () => $"project still running: {info}");
        return info!;
    }

    public async Task<JsonDocument> ResultAsync(string projectId)
    {
        using var call = Projects.DownloadResult(new DownloadResultRequest { ProjectId = projectId }, Key);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return JsonDocument.Parse(buffer.ToArray());
    }

    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null) =>
        Eventually.ValueAsync(condition, met => met, () => describe?.Invoke() ?? "the condition", timeout);

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, describe);

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _coordinator.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
