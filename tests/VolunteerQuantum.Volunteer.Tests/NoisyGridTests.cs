using VolunteerQuantum.Circuits.Noise.Json;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Tests.Support;

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
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 0.5);
        var volunteers = new List<EmbeddedVolunteer>();
        try
        {
            for (var i = 0; i < volunteerCount; i++)
            {
                // The first volunteer cheats, when one does.
                volunteers.Add(await grid.StartVolunteerAsync(Path.Combine(grid.Root, $"volunteer{i}"), new FakeReadings(FakeReadings.Calm), checkpointSeconds: 0, ComputingMode.Always, misbehave: i == 0 ? cheat : ""));
            }
            await RunAndCompareAsync(grid, quorum, cheat);
        }
        finally
        {
            foreach (var v in volunteers)
            {
                await v.DisposeAsync();
            }
        }
    }

    private static async Task RunAndCompareAsync(LoopbackGrid grid, int quorum, string cheat)
    {
        var projects = grid.Projects;
        var key = grid.Key;
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

        using var json = await grid.ResultAsync(project.Id);
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
    }
}
