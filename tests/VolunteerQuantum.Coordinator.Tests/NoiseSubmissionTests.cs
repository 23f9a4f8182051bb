using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Noisy submissions over real gRPC: every bad one refused with its reason, creating nothing.</summary>
public sealed class NoiseSubmissionTests
{
    private const string Noise = """{"gates":[{"names":["cx"],"error":{"type":"depolarizing","lambda":0.02,"qubits":2}},{"names":["*"],"error":{"type":"depolarizing","lambda":0.01}}],"readout":[{"p01":0.02,"p10":0.03}]}""";

    private static SubmitProjectRequest Noisy(Action<SubmitProjectRequest>? change = null)
    {
        var request = new SubmitProjectRequest { Qasm = TestCircuits.Bell, FileName = "bell.qasm", Shots = 1000, Seed = 5, Noise = Noise, NoiseFileName = "dev.json", Trajectories = 40, TrajectoriesPerUnit = 8 };
        change?.Invoke(request);
        return request;
    }

    public static TheoryData<string, StatusCode, string> BadSubmissions => new()
    {
        { "syntax", StatusCode.InvalidArgument, "dev.json" },
        { "unknown-channel", StatusCode.InvalidArgument, "dev.json" },
        { "qubit-outside", StatusCode.InvalidArgument, "qubit 5" },
        { "trajectories-without-noise", StatusCode.InvalidArgument, "trajectories need a noise model" },
        { "noise-without-trajectories", StatusCode.InvalidArgument, "at least 1 (--trajectories N)" },
        { "negative-trajectories", StatusCode.InvalidArgument, "trajectories must not be negative" },
        { "per-unit-above-trajectories", StatusCode.InvalidArgument, "trajectories per unit must be between 0" },
        { "negative-per-unit", StatusCode.InvalidArgument, "trajectories_per_unit must not be negative" },
        { "shards", StatusCode.InvalidArgument, "not the shards strategy" },
        { "paths", StatusCode.InvalidArgument, "not the paths strategy" },
        { "state", StatusCode.InvalidArgument, "no final state or amplitudes" },
        { "shots-per-unit", StatusCode.InvalidArgument, "--trajectories-per-unit instead of --shots-per-unit" },
        { "too-many-units", StatusCode.ResourceExhausted, "MaxUnitsPerProject" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task Submit_BadNoisySubmission_RefusedNamingTheProblem_CreatesNothing(string bad, StatusCode status, string expected)
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.MaxUnitsPerProject = 50);
        var request = Noisy(r =>
        {
            switch (bad)
            {
                case "syntax": r.Noise = """{"gates": [ """; break;
                case "unknown-channel": r.Noise = """{"gates":[{"names":["x"],"error":{"type":"teleport","p":0.1}}]}"""; break;
                case "qubit-outside": r.Noise = """{"readout":[{"qubits":[5],"p01":0.1,"p10":0.1}]}"""; break;
                case "trajectories-without-noise": r.Noise = ""; break;
                case "noise-without-trajectories": r.Trajectories = 0; r.TrajectoriesPerUnit = 0; break;
                case "negative-trajectories": r.Trajectories = -3; break;
                case "per-unit-above-trajectories": r.TrajectoriesPerUnit = 41; break;
                case "negative-per-unit": r.TrajectoriesPerUnit = -1; break;
                case "shards": r.Strategy = Strategy.Shards; break;
                case "paths": r.Strategy = Strategy.Paths; break;
                case "state": r.ReturnState = true; break;
                case "shots-per-unit": r.ShotsPerUnit = 100; break;
                case "too-many-units": r.TrajectoriesPerUnit = 0; r.Trajectories = 51; r.TrajectoriesPerUnit = 1; break;
            }
        });
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(request, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(status, e.StatusCode);
        Assert.Contains(expected, e.Status.Detail, StringComparison.Ordinal);
        var list = await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders);
        Assert.Empty(list.Projects);
        Assert.Equal(0, grid.Read(store => store.Projects.FindAll().Count()));
        Assert.Equal(0, grid.Read(store => store.Units.Count()));
    }

    [Fact]
    public async Task Submit_NoisyProject_UnitsCarryRangesAndTheProjectSeed_NoiseBlobStored()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var info = await grid.Projects.SubmitAsync(Noisy(), TestCoordinator.ApiKeyHeaders);
        Assert.Equal(5, info.UnitsTotal);
        Assert.Contains("40 trajectories, 8 per unit", info.Plan.Description, StringComparison.Ordinal);
        var project = grid.Project(info.Id);
        Assert.NotNull(project.NoiseBlob);
        Assert.Equal("dev.json", project.NoiseFileName);
        Assert.Equal(40, project.Trajectories);
        var units = Enumerable.Range(0, 5).Select(i => grid.Unit($"{info.Id}.{i}")).ToArray();
        Assert.Equal([0L, 8, 16, 24, 32], units.Select(u => u.FirstTrajectory));
        Assert.All(units, u => Assert.Equal(8, u.TrajectoryCount));
        Assert.All(units, u => Assert.Equal(5UL, u.Seed));
        Assert.All(units, u => Assert.Equal(200, u.Shots));
        Assert.All(units, u => Assert.Equal(1000, u.RunShots));
    }
}
