using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Tests.Support;
using GridStore = VolunteerQuantum.Coordinator.Storage.GridStore;
using ReplicaState = VolunteerQuantum.Coordinator.Storage.ReplicaState;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>
/// A volunteer given several coordinator addresses works through whichever answers: past a dead
/// one at the start, and onto a second coordinator (on the same data directory, as coordinators
/// sharing a store would be) when its first one stops in the middle of a project.
/// </summary>
public sealed class FailoverGridTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _root = Directory.CreateTempSubdirectory("vq-failover-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    [Fact]
    public async Task Volunteer_DeadAddressFirst_CompletesProjectThroughTheLiveOne()
    {
        await using var coordinator = await StartCoordinatorAsync(0);
        var dead = $"http://127.0.0.1:{FreePorts.Next()}";
        await using var volunteer = await StartVolunteerAsync(coordinator, $"{dead},{coordinator.GrpcAddress}");

        var result = await RunProjectAsync(coordinator.GrpcAddress, UndoneCircuit(qubits: 4, layers: 2));

        AssertAllShotsOnOneOutcome(result);
        Assert.Contains(_log.Lines, l => l.StartsWith($"coordinator {dead} unreachable (", StringComparison.Ordinal) && l.EndsWith($"; using {coordinator.GrpcAddress}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Volunteer_CoordinatorStopsMidRun_FailsOverToSecondOnSameStore()
    {
        var portB = FreePorts.Next();
        var first = await StartCoordinatorAsync(0);
        var addressB = new Uri($"http://127.0.0.1:{portB}");
        await using var volunteer = await StartVolunteerAsync(first, $"{first.GrpcAddress},{addressB}");
        ProjectInfo project;
        using (var channel = GrpcChannel.ForAddress(first.GrpcAddress))
        {
            // Long enough that the replica is still at work when the coordinator goes.
            project = await new ProjectService.ProjectServiceClient(channel).SubmitAsync(
                new SubmitProjectRequest { Qasm = UndoneCircuit(qubits: 18, layers: 150), Shots = 200, Seed = 4, MinQuorum = 1 }, Key);
        }
        // Leased: the volunteer may be downloading the inputs, computing, or about to upload. Cut
        // short anywhere, it carries on with the second coordinator (a download is retried).
        await LoopbackGrid.WaitUntilAsync(() => Leased(first, project.Id), Patience, () => "no replica was leased");
        await first.DisposeAsync();   // LiteDB: one coordinator on a data directory at a time

        await using var second = await StartCoordinatorAsync(portB);
        var result = await WaitForResultAsync(second.GrpcAddress, project.Id);

        AssertAllShotsOnOneOutcome(result, shots: 200);
        Assert.Contains(_log.Lines, l => l.StartsWith($"coordinator {first.GrpcAddress} unreachable (", StringComparison.Ordinal) && l.EndsWith($"; using {addressB}", StringComparison.Ordinal));
    }

    private static Metadata Key { get; } = new() { { "vq-api-key", "key" } };

    private Task<EmbeddedCoordinator> StartCoordinatorAsync(int port) =>
        EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(_root, "coordinator"),
            GrpcPort = port,
            HttpPort = -1,
            ApiKeys = ["admin=key"],
            EnrollmentTokens = ["token"],
            HeartbeatIntervalSeconds = 0.5,
            NoWorkRetrySeconds = 0.1,
        }, l => l.ClearProviders());

    private readonly LogLines _log = new();

    private Task<EmbeddedVolunteer> StartVolunteerAsync(EmbeddedCoordinator coordinator, string addresses) =>
        EmbeddedVolunteer.StartAsync(new VolunteerOptions
        {
            Coordinator = addresses,
            DataDirectory = Path.Combine(_root, "volunteer"),
            EnrollmentToken = coordinator.NewVolunteerAccount("volunteer"),
            Owner = "tester",
            MaxThreads = 1,
            MaxMemoryBytes = 1L << 30,
            CheckpointSeconds = 0,
            LowerPriority = false,   // it would lower the test process itself
            MaxBackoffSeconds = 2,
            // Other test processes load the CPU: this test is not about the computing policy.
            Policy = new ComputingPolicyOptions { Mode = ComputingMode.Always },
        }, l => l.ClearProviders().AddProvider(_log));

    private static bool Leased(EmbeddedCoordinator coordinator, string projectId)
    {
        var store = coordinator.Services.GetRequiredService<GridStore>();
        lock (store.Gate)
        {
            return store.Replicas.InProgressOfProject(projectId).Any();
        }
    }

    private static async Task<JsonDocument> RunProjectAsync(Uri coordinator, string qasm)
    {
        ProjectInfo project;
        using (var channel = GrpcChannel.ForAddress(coordinator))
        {
            project = await new ProjectService.ProjectServiceClient(channel).SubmitAsync(new SubmitProjectRequest { Qasm = qasm, Shots = 100, Seed = 2, MinQuorum = 1 }, Key);
        }
        return await WaitForResultAsync(coordinator, project.Id);
    }

    private static async Task<JsonDocument> WaitForResultAsync(Uri coordinator, string projectId)
    {
        using var channel = GrpcChannel.ForAddress(coordinator);
        var projects = new ProjectService.ProjectServiceClient(channel);
        ProjectInfo? info = null;
        await LoopbackGrid.WaitUntilAsync(async () =>
        {
            info = await projects.GetProjectAsync(new ProjectRequest { ProjectId = projectId }, Key);
            return info.State != ProjectState.Running;
        }, Patience, () => $"project still running: {info}");
        Assert.Equal(ProjectState.Completed, info!.State);
        using var call = projects.DownloadResult(new DownloadResultRequest { ProjectId = projectId }, Key);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return JsonDocument.Parse(buffer.ToArray());
    }

    /// <summary>Random layers, then the same layers undone, then X on qubit 0: every shot reads that one bit set.</summary>
    private static string UndoneCircuit(int qubits, int layers)
    {
        var random = new Random(7);
        var forward = new List<string>();
        for (var layer = 0; layer < layers; layer++)
        {
            for (var q = 0; q < qubits; q++)
            {
                forward.Add(string.Create(CultureInfo.InvariantCulture, $"{(random.Next(2) == 0 ? "rx" : "ry")}({random.NextDouble() * Math.PI:R}) q[{q}];"));
            }
            for (var q = layer % 2; q + 1 < qubits; q += 2)
            {
                forward.Add($"cz q[{q}],q[{q + 1}];");
            }
        }
        var b = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
        b.Append(CultureInfo.InvariantCulture, $"qreg q[{qubits}];\ncreg c[{qubits}];\n");
        forward.ForEach(g => b.AppendLine(g));
        for (var i = forward.Count - 1; i >= 0; i--)
        {
            b.AppendLine(Inverse(forward[i]));
        }
        return b.Append("x q[0];\nmeasure q -> c;\n").ToString();
    }

    private static string Inverse(string gate) => gate.StartsWith("cz", StringComparison.Ordinal) ? gate : gate.Insert(3, "-");

    private static void AssertAllShotsOnOneOutcome(JsonDocument result, int shots = 100)
    {
        var counts = result.RootElement.GetProperty("counts").EnumerateObject().ToList();
        var outcome = Assert.Single(counts);
        Assert.Equal(shots, outcome.Value.GetInt64());
        Assert.Equal(1, outcome.Name.Count(c => c == '1'));
        Assert.EndsWith("1", outcome.Name, StringComparison.Ordinal);
    }
}
