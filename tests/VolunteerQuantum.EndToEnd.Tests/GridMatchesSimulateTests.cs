using System.Numerics;
using System.Text.Json;
using VolunteerQuantum.EndToEnd.Tests.Support;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Io;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>A coordinator process and three volunteer processes give what `vq simulate` gives, verified by two hosts per unit.</summary>
[Trait("Category", "Slow")]
public sealed class GridMatchesSimulateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [SharedFact]
    public async Task ThreeVolunteers_CountsStateAndDynamicCircuit_SameAsSimulate_EachUnitVerifiedByTwoHosts()
    {
        await using var grid = await ProcessGrid.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            grid.StartVolunteer($"owner{i}");
        }

        // Counts: a one-unit project samples with the project's seed, exactly like `vq simulate --seed`.
        var qft = SharedFiles.Qasm("mqtbench/qftentangled_indep_5.qasm");
        var counts = await grid.SubmitAsync(new SubmitProjectRequest { Qasm = File.ReadAllText(qft), FileName = "qft.qasm", Shots = 20000, Seed = 42 });
        // State: downloaded as .npy from the grid, compared with `vq simulate --state-out`.
        var wstate = SharedFiles.Qasm("mqtbench/wstate_indep_5.qasm");
        var state = await grid.SubmitAsync(new SubmitProjectRequest { Qasm = File.ReadAllText(wstate), FileName = "w.qasm", ReturnState = true });
        // Dynamic: mid-circuit measurement and if, split into several units by shots.
        var dynamic = SharedFiles.Qasm("openqasm/inverseqft1.qasm");
        var branching = await grid.SubmitAsync(new SubmitProjectRequest { Qasm = File.ReadAllText(dynamic), FileName = "iqft.qasm", Shots = 8000, Seed = 7 });
        Assert.True(branching.UnitsTotal > 1);

        foreach (var project in new[] { counts, state, branching })
        {
            var done = await grid.WaitForEndAsync(project.Id, Timeout);
            Assert.Equal(ProjectState.Completed, done.State);
            using var result = JsonDocument.Parse(await grid.DownloadAsync(project.Id, ResultFormat.Json));
            var hostsPerUnit = result.RootElement.GetProperty("verification").GetProperty("hosts_per_unit").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(done.UnitsTotal, hostsPerUnit.Count);
            Assert.All(hostsPerUnit, h => Assert.True(h >= 2, "every unit is verified by two distinct hosts"));
        }

        var tmp = grid.Root;
        var simulated = await SimulateJsonAsync(qft, "--shots", "20000", "--seed", "42");
        using (var gridResult = JsonDocument.Parse(await grid.DownloadAsync(counts.Id, ResultFormat.Json)))
        {
            Assert.Equal(Counts(simulated.RootElement), Counts(gridResult.RootElement));
        }

        var npyFromGrid = Path.Combine(tmp, "grid.npy");
        await File.WriteAllBytesAsync(npyFromGrid, await grid.DownloadAsync(state.Id, ResultFormat.Npy));
        var npyFromSimulate = Path.Combine(tmp, "simulate.npy");
        (await SimulateJsonAsync(wstate, "--state-out", npyFromSimulate)).Dispose();
        Assert.True(Fidelity(npyFromGrid, npyFromSimulate) >= 1 - 1e-12);

        var reference = ReferenceResult.Load(SharedFiles.Reference("openqasm/inverseqft1.json")).CountsDistribution!;
        using var branchingResult = JsonDocument.Parse(await grid.DownloadAsync(branching.Id, ResultFormat.Json));
        var gridCounts = Counts(branchingResult.RootElement);
        Assert.Equal(8000, gridCounts.Values.Sum());
        Assert.True(Distributions.TotalVariation(gridCounts, reference) <= Distributions.Bound(reference.Count, 8000));
    }

    private static async Task<JsonDocument> SimulateJsonAsync(string file, params string[] args)
    {
        var (code, stdout, stderr) = await VqProcess.RunAsync(Timeout, ["simulate", file, "--json", .. args]);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout);
    }

    private static Dictionary<string, long> Counts(JsonElement root) =>
        root.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static double Fidelity(string a, string b)
    {
        using var x = NpyReader.Read(a);
        using var y = NpyReader.Read(b);
        Assert.Equal(x.Length, y.Length);
        var overlap = Complex.Zero;
        for (long i = 0; i < x.Length; i++)
        {
            overlap += Complex.Conjugate(x.GetAmplitude(i)) * y.GetAmplitude(i);
        }
        return overlap.Magnitude * overlap.Magnitude;
    }
}
