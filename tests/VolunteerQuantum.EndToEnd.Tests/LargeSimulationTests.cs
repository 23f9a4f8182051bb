using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using VolunteerQuantum.EndToEnd.Tests.Support;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Io;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>
/// The strategies for simulations no single volunteer could hold, with real processes: a sharded
/// state vector staged between reshuffles, and Schrödinger–Feynman paths for 40 qubits.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LargeSimulationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [SharedTheory]
    [InlineData("qasmbench/bigadder_n18.qasm", 18)]
    [InlineData("qasmbench/qft_n18.qasm", 18)]
    public async Task Shards_CorpusCircuits_SixteenShards_StateEqualsSimulate(string relative, int qubits)
    {
        await using var grid = await ProcessGrid.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            grid.StartVolunteer($"owner{i}");
        }
        var file = SharedFiles.Qasm(relative);
        var project = await grid.SubmitAsync(new SubmitProjectRequest
        {
            Qasm = await File.ReadAllTextAsync(file),
            FileName = Path.GetFileName(file),
            ReturnState = true,
            Shots = 2000,
            Seed = 8,
            MaxUnitMemoryBytes = 16L << (qubits - 4),
        });
        Assert.Equal(Strategy.Shards, project.Plan.Strategy);
        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.True(Fidelity(await grid.DownloadAsync(project.Id, ResultFormat.Npy), await SimulatedStateAsync(grid, file)) >= 1 - 1e-10);
        using var result = JsonDocument.Parse(await grid.DownloadAsync(project.Id, ResultFormat.Json));
        Assert.Equal(2000, result.RootElement.GetProperty("counts").EnumerateObject().Sum(p => p.Value.GetInt64()));
    }

    [Fact]
    public async Task Shards_RandomCircuit_VolunteerVanishesMidStage_CoordinatorRestartsBetweenStages_Finishes()
    {
        await using var grid = await ProcessGrid.StartAsync();
        var file = TestFiles.Heavy(grid.Root, qubits: 20, layers: 8, seed: 12);
        var doomed = grid.StartVolunteer("doomed");
        grid.StartVolunteer("steady");
        var project = await grid.SubmitAsync(new SubmitProjectRequest
        {
            Qasm = await File.ReadAllTextAsync(file),
            FileName = "heavy.qasm",
            ReturnState = true,
            Strategy = Strategy.Shards,
            MaxUnitMemoryBytes = 16L << 16,
            MinQuorum = 1,
        });
        Assert.True(project.Plan.Stages >= 3);
        // A volunteer vanishes while a stage is running.
        await WaitUntilAsync(grid, p => p.Plan.CurrentStage >= 1 && p.ReplicasRunning > 0);
        doomed.Kill();
        grid.StartVolunteer("late");
        // The coordinator dies between stages and comes back.
        await WaitUntilAsync(grid, p => p.Plan.CurrentStage >= 2);
        grid.KillCoordinator();
        await grid.StartCoordinatorAsync();
        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.True(Fidelity(await grid.DownloadAsync(project.Id, ResultFormat.Npy), await SimulatedStateAsync(grid, file)) >= 1 - 1e-10);

        async Task WaitUntilAsync(ProcessGrid g, Func<ProjectInfo, bool> condition)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline)
            {
                var info = await g.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, g.Headers);
                if (condition(info) || info.State != ProjectState.Running)
                {
                    return;
                }
                await Task.Delay(50);
            }
            throw new TimeoutException("the project never reached the expected stage");
        }
    }

    [Fact]
    public async Task Paths_FortyQubitGhz_NoVolunteerOver2To22Amplitudes_ExactAmplitudes()
    {
        await using var grid = await ProcessGrid.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            grid.StartVolunteer($"owner{i}");
        }
        var ghz = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[40];\nh q[0];\n");
        for (var q = 0; q < 39; q++)
        {
            ghz.Append(CultureInfo.InvariantCulture, $"cx q[{q}],q[{q + 1}];\n");
        }
        var request = new SubmitProjectRequest { Qasm = ghz.ToString(), FileName = "ghz40.qasm", MaxUnitMemoryBytes = 16L << 22 };
        var zeros = new string('0', 40);
        var ones = new string('1', 40);
        var mixed = string.Concat(Enumerable.Repeat("01", 20));
        request.Amplitudes.AddRange([zeros, ones, mixed]);
        var project = await grid.SubmitAsync(request);
        Assert.Equal(Strategy.Paths, project.Plan.Strategy);
        Assert.True(project.Plan.MemoryPerUnitBytes <= 16L << 22);
        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        using var result = JsonDocument.Parse(await grid.DownloadAsync(project.Id, ResultFormat.Json));
        var amplitudes = result.RootElement.GetProperty("amplitudes");
        Assert.Equal(1 / Math.Sqrt(2), amplitudes.GetProperty(zeros)[0].GetDouble(), 12);
        Assert.Equal(1 / Math.Sqrt(2), amplitudes.GetProperty(ones)[0].GetDouble(), 12);
        Assert.Equal(0, amplitudes.GetProperty(mixed)[0].GetDouble(), 12);
    }

    [Fact]
    public async Task Paths_TwentyQubitRandomCircuit_AmplitudesEqualSimulate()
    {
        await using var grid = await ProcessGrid.StartAsync();
        for (var i = 0; i < 2; i++)
        {
            grid.StartVolunteer($"owner{i}");
        }
        var file = TestFiles.Heavy(grid.Root, qubits: 20, layers: 3, seed: 21);
        string[] bits = ["00000000000000000000", "10110011100011110000", "11111111111111111111"];
        var request = new SubmitProjectRequest { Qasm = await File.ReadAllTextAsync(file), FileName = "r20.qasm", Strategy = Strategy.Paths, MaxUnitMemoryBytes = 16L << 14 };
        request.Amplitudes.AddRange(bits);
        var project = await grid.SubmitAsync(request);
        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        var (code, stdout, stderr) = await VqProcess.RunAsync(Timeout, "simulate", file, "--amplitudes", string.Join(',', bits), "--json");
        Assert.True(code == 0, stderr);
        using var expected = JsonDocument.Parse(stdout);
        using var result = JsonDocument.Parse(await grid.DownloadAsync(project.Id, ResultFormat.Json));
        foreach (var b in bits)
        {
            var e = expected.RootElement.GetProperty("amplitudes").GetProperty(b);
            var a = result.RootElement.GetProperty("amplitudes").GetProperty(b);
            var difference = new Complex(e[0].GetDouble(), e[1].GetDouble()) - new Complex(a[0].GetDouble(), a[1].GetDouble());
            Assert.True(difference.Magnitude <= 1e-10, $"{b}: |Δ| = {difference.Magnitude:G3}");
        }
    }

    private static async Task<byte[]> SimulatedStateAsync(ProcessGrid grid, string file)
    {
        var npy = Path.Combine(grid.Root, $"simulated-{Guid.NewGuid():N}.npy");
        var (code, _, stderr) = await VqProcess.RunAsync(Timeout, "simulate", file, "--state-out", npy, "--shots", "1");
        Assert.True(code == 0, stderr);
        return await File.ReadAllBytesAsync(npy);
    }

    private static double Fidelity(byte[] a, byte[] b)
    {
        using var x = NpyReader.Read(new MemoryStream(a));
        using var y = NpyReader.Read(new MemoryStream(b));
        Assert.Equal(x.Length, y.Length);
        var overlap = Complex.Zero;
        for (long i = 0; i < x.Length; i++)
        {
            overlap += Complex.Conjugate(x.GetAmplitude(i)) * y.GetAmplitude(i);
        }
        return overlap.Magnitude * overlap.Magnitude;
    }
}
