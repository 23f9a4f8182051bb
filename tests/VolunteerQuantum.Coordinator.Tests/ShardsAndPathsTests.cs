using System.Numerics;
using System.Text.Json;
using Grpc.Core;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Io;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>The shards and paths strategies through the real coordinator, with volunteers that really compute.</summary>
public sealed class ShardsAndPathsTests
{
    /// <summary>These volunteers compute without heartbeating: give them leases longer than a loaded machine needs.</summary>
    private static void LongLeases(CoordinatorOptions o) => o.HeartbeatIntervalSeconds = 30;

    private static async Task<ProjectInfo> DriveAsync(TestCoordinator grid, string projectId, List<ExecutingVolunteer> volunteers, Func<int, UnitTamper?>? tamper = null)
    {
        for (var round = 0; round < 2000; round++)
        {
            var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = projectId }, TestCoordinator.ApiKeyHeaders);
            if (info.State != ProjectState.Running)
            {
                return info;
            }
            var worked = false;
            for (var v = 0; v < volunteers.Count; v++)
            {
                worked |= await volunteers[v].WorkOnceAsync(tamper?.Invoke(v));
            }
            if (!worked)
            {
                await Task.Delay(20);   // the stage advancer is reshuffling
            }
        }
        throw new TimeoutException("the project did not finish");
    }

    private static async Task<List<ExecutingVolunteer>> VolunteersAsync(TestCoordinator grid, int count)
    {
        var list = new List<ExecutingVolunteer>();
        for (var i = 0; i < count; i++)
        {
            list.Add(new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, $"owner{i}")));
        }
        return list;
    }

    private static async Task<byte[]> DownloadAsync(TestCoordinator grid, string id, ResultFormat format)
    {
        using var call = grid.Projects.DownloadResult(new DownloadResultRequest { ProjectId = id, Format = format }, TestCoordinator.ApiKeyHeaders);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Shards_SixteenShards_StateCountsAndExpectations_MatchTheEngine()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        const int qubits = 10;
        var qasm = HeavyCircuit.Qasm(qubits, 6, seed: 1);
        var request = new SubmitProjectRequest
        {
            Qasm = qasm,
            Strategy = Strategy.Shards,
            MaxUnitMemoryBytes = 16 << (qubits - 4),   // 2^6 amplitudes per shard: 16 shards
            ReturnState = true,
            Shots = 4000,
            Seed = 5,
        };
        request.Observables.Add("Z0 Z9");
        request.Amplitudes.Add("0000000000");
        var project = await grid.Projects.SubmitAsync(request, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(Strategy.Shards, project.Plan.Strategy);
        Assert.Contains("16 shards", project.Plan.Description, StringComparison.Ordinal);
        Assert.True(project.Plan.Stages > 1);

        var done = await DriveAsync(grid, project.Id, await VolunteersAsync(grid, 3));
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.True(done.Plan.BytesMoved > 0);

        var circuit = QasmParser.Parse(qasm);
        using var whole = new Simulator().Run(circuit, new SimulationRequest { KeepFinalState = true, Observables = [Simulation.Observables.PauliSum.Parse("Z0 Z9")] });
        using var fromGrid = NpyReader.Read(new MemoryStream(await DownloadAsync(grid, project.Id, ResultFormat.Npy)));
        var overlap = Complex.Zero;
        for (long i = 0; i < fromGrid.Length; i++)
        {
            overlap += Complex.Conjugate(whole.FinalState!.GetAmplitude(i)) * fromGrid.GetAmplitude(i);
        }
        Assert.True(overlap.Magnitude * overlap.Magnitude >= 1 - 1e-10, $"fidelity {overlap.Magnitude * overlap.Magnitude:R}");

        using var result = JsonDocument.Parse(await DownloadAsync(grid, project.Id, ResultFormat.Json));
        var root = result.RootElement;
        Assert.Equal(whole.ExpectationValues[0], root.GetProperty("expectations").GetProperty("Z0 Z9").GetDouble(), 10);
        var amplitude = root.GetProperty("amplitudes").GetProperty("0000000000");
        Assert.Equal(whole.FinalState!.GetAmplitude(0).Real, amplitude[0].GetDouble(), 12);
        Assert.Equal(4000, root.GetProperty("counts").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal("shards", root.GetProperty("run").GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task Shards_WrongNormShard_CaughtEvenAsTheOnlyReplica()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest
        {
            Qasm = HeavyCircuit.Qasm(8, 3, seed: 2),
            Strategy = Strategy.Shards,
            MaxUnitMemoryBytes = 16 << 4,
            MinQuorum = 1,
            MaxReplicas = 1,
            Shots = 100,
        }, TestCoordinator.ApiKeyHeaders);
        var volunteers = await VolunteersAsync(grid, 2);
        var scale = new UnitTamper
        {
            State = s =>
            {
                for (long i = 0; i < s.Length; i++)
                {
                    s.SetAmplitude(i, s.GetAmplitude(i) * 1.01);
                }
            },
        };
        // The first volunteer lies on every shard; the second is honest.
        var done = await DriveAsync(grid, project.Id, volunteers, v => v == 0 ? scale : null);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.True(done.Verification.ReplicasInvalid >= 1);
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.ToDictionary(h => h.HostId);
        Assert.Equal(0, hosts[volunteers[0].Host.HostId].Valid);
        Assert.True(hosts[volunteers[0].Host.HostId].Invalid >= 1);
    }

    [Fact]
    public async Task Paths_AmplitudesOnly_SumOverUnits_EqualsTheEngine()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        const int qubits = 12;
        var qasm = HeavyCircuit.Qasm(qubits, 4, seed: 3);
        var request = new SubmitProjectRequest { Qasm = qasm, Strategy = Strategy.Paths, MaxUnitMemoryBytes = 16 << 8 };
        string[] amplitudes = ["000000000000", "101010101010", "111100001111"];
        request.Amplitudes.AddRange(amplitudes);
        var project = await grid.Projects.SubmitAsync(request, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(Strategy.Paths, project.Plan.Strategy);
        Assert.True(project.Plan.Paths > 1);
        var done = await DriveAsync(grid, project.Id, await VolunteersAsync(grid, 3));
        Assert.Equal(ProjectState.Completed, done.State);
        using var whole = new Simulator().Run(QasmParser.Parse(qasm), new SimulationRequest { AmplitudeIndices = amplitudes.Select(a => Convert.ToInt64(a, 2)).ToArray() });
        using var result = JsonDocument.Parse(await DownloadAsync(grid, project.Id, ResultFormat.Json));
        for (var i = 0; i < amplitudes.Length; i++)
        {
            var a = result.RootElement.GetProperty("amplitudes").GetProperty(amplitudes[i]);
            Assert.True((new Complex(a[0].GetDouble(), a[1].GetDouble()) - whole.Amplitudes[i]).Magnitude <= 1e-10);
        }
    }

    [Fact]
    public async Task Paths_AcceptHalfThePaths_CompletesEarly_ReportingTheFractionSummed()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var request = new SubmitProjectRequest
        {
            Qasm = HeavyCircuit.Qasm(12, 4, seed: 3),
            Strategy = Strategy.Paths,
            MaxUnitMemoryBytes = 16 << 8,
            AcceptPathFraction = 0.5,
            MinQuorum = 1,
        };
        request.Amplitudes.Add("000000000000");
        var project = await grid.Projects.SubmitAsync(request, TestCoordinator.ApiKeyHeaders);
        Assert.True(project.UnitsTotal >= 4);
        var done = await DriveAsync(grid, project.Id, await VolunteersAsync(grid, 1));
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.True(done.UnitsVerified < done.UnitsTotal, "the rest of the units were not waited for");
        using var result = JsonDocument.Parse(await DownloadAsync(grid, project.Id, ResultFormat.Json));
        var fraction = double.Parse(result.RootElement.GetProperty("run").GetProperty("paths fraction").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(fraction, 0.5, 0.999);
        Assert.Contains(result.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("of the paths were summed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Auto_StateLargerThanTheUnitMemory_PicksShards_AmplitudesOnlyPicksPaths()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var shards = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(10, 2, 4), Shots = 10, MaxUnitMemoryBytes = 16 << 6 }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(Strategy.Shards, shards.Plan.Strategy);
        var pathsRequest = new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(10, 2, 4), MaxUnitMemoryBytes = 16 << 6 };
        pathsRequest.Amplitudes.Add("0000000000");
        var paths = await grid.Projects.SubmitAsync(pathsRequest, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(Strategy.Paths, paths.Plan.Strategy);
        var whole = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(10, 2, 4), Shots = 10 }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(Strategy.Whole, whole.Plan.Strategy);
    }

    [Fact]
    public async Task Paths_WithShotsRequested_RefusedWithReason()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(
            new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(6, 1, 1), Shots = 10, Strategy = Strategy.Paths, MaxUnitMemoryBytes = 16 << 3 }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("amplitudes only", e.Status.Detail, StringComparison.Ordinal);
    }
}
