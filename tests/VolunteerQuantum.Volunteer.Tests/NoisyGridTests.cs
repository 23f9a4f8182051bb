using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Circuits.Noise.Json;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Volunteer.Extensions;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>Noisy projects on real volunteer daemons against a real coordinator over loopback gRPC.</summary>
public sealed class NoisyGridTests
{
    private const string Ghz = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\ncreg c[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\nmeasure q -> c;\n";
    private const string Noise = """{"gates":[{"names":["cx"],"error":{"type":"depolarizing","lambda":0.02,"qubits":2}},{"names":["*"],"error":{"type":"depolarizing","lambda":0.01}}],"readout":[{"p01":0.02,"p10":0.03}]}""";
    private const long Trajectories = 40;
    private const long Shots = 2000;
    private const ulong Seed = 77;

    [Theory]
    [InlineData(3, 1, "")]
    [InlineData(4, 2, "other-seed")]
    public async Task NoisyProject_TrajectoryUnitsOnVolunteers_ExactlyTheLocalRun(int volunteerCount, int quorum, string cheat)
    {
        var dir = Directory.CreateTempSubdirectory("vq-noisy-").FullName;
        await using var coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(dir, "coordinator"),
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = ["key"],
            EnrollmentTokens = [.. Enumerable.Range(0, volunteerCount).Select(i => $"owner{i}=token{i}")],
            HeartbeatIntervalSeconds = 0.5,
            NoWorkRetrySeconds = 0.1,
        }, l => l.ClearProviders());
        var volunteers = new List<EmbeddedVolunteer>();
        for (var i = 0; i < volunteerCount; i++)
        {
            volunteers.Add(await EmbeddedVolunteer.StartAsync(new VolunteerOptions
            {
                Coordinator = coordinator.GrpcAddress.ToString(),
                DataDirectory = Path.Combine(dir, $"volunteer{i}"),
                EnrollmentToken = $"token{i}",
                Owner = $"owner{i}",
                MaxThreads = 1,
                MaxMemoryBytes = 1 << 28,
                Policy = new VolunteerQuantum.Volunteer.Policy.ComputingPolicyOptions { Mode = VolunteerQuantum.Volunteer.Policy.ComputingMode.Always },
                LowerPriority = false,
                // The first volunteer cheats, when one does.
                Misbehave = i == 0 ? cheat : "",
            }, l => l.ClearProviders()));
        }
        using var channel = GrpcChannel.ForAddress(coordinator.GrpcAddress);
        var projects = new ProjectService.ProjectServiceClient(channel);
        var key = new Metadata { { "vq-api-key", "key" } };
        var request = new SubmitProjectRequest
        {
            Qasm = Ghz,
            FileName = "ghz.qasm",
            Shots = Shots,
            Seed = Seed,
            Noise = Noise,
            NoiseFileName = "dev.json",
            Trajectories = Trajectories,
            TrajectoriesPerUnit = 4,
            MinQuorum = quorum,
        };
        request.Observables.Add("Z0 Z1");
        var project = await projects.SubmitAsync(request, key);
        Assert.Equal(10, project.UnitsTotal);
        using var watch = projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, key);
        var last = project;
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            last = watch.ResponseStream.Current;
        }
        Assert.True(last.State == ProjectState.Completed, last.FailureReason);
        if (cheat.Length > 0)
        {
            // The cheater's replicas disagree with the honest ones and are outvoted.
            Assert.True(last.Verification.ReplicasInvalid >= 1, $"no replica rejected: {last.Verification}");
            Assert.True(last.Verification.UnitsDisputed >= 1);
        }
        else
        {
            Assert.Equal(0, last.Verification.ReplicasInvalid);
        }

        using var call = projects.DownloadResult(new DownloadResultRequest { ProjectId = project.Id }, key);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        using var json = JsonDocument.Parse(buffer.ToArray());
        var root = json.RootElement;
        var counts = root.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

        // The same run on this machine, in one piece.
        var circuit = QasmParser.Parse(Ghz);
        using var local = new Simulator(new SimulationOptions { Threads = 1 }).Run(circuit, new SimulationRequest
        {
            Shots = Shots,
            Seed = Seed,
            Noise = NoiseModelJson.Parse(Noise, "dev.json"),
            Trajectories = Trajectories,
            Observables = [PauliSum.Parse("Z0 Z1")],
        });
        Assert.Equal(local.Counts!.ToQiskitKeys(circuit).OrderBy(kv => kv.Key), counts.OrderBy(kv => kv.Key));
        Assert.Equal(Trajectories, root.GetProperty("trajectories").GetInt64());
        var moments = local.ExpectationMoments[0];
        Assert.Equal(moments.Mean, root.GetProperty("expectations").GetProperty("Z0 Z1").GetDouble(), 1e-12);
        Assert.Equal(moments.StandardError, root.GetProperty("expectation_errors").GetProperty("Z0 Z1").GetDouble(), 1e-9);
        foreach (var v in volunteers)
        {
            await v.DisposeAsync();
        }
        Directory.Delete(dir, recursive: true);
    }
}
