using System.Text.Json;
using VolunteerQuantum.EndToEnd.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>Lying, vanishing and crashing processes: the grid still finishes every project with correct results.</summary>
[Trait("Category", "Slow")]
public sealed class FaultToleranceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [SharedTheory]
    [InlineData("perturb-amplitudes")]
    [InlineData("alter-counts")]
    public async Task LyingVolunteer_IsOutvoted_ResultCorrect_ItsRecordShowsIt(string lie)
    {
        await using var grid = await ProcessGrid.StartAsync();
        grid.StartVolunteer("mallory", misbehave: lie);
        var file = SharedFiles.Qasm("mqtbench/wstate_indep_5.qasm");
        var request = new SubmitProjectRequest { Qasm = File.ReadAllText(file), FileName = "w.qasm", Shots = 5000, Seed = 3 };
        request.Amplitudes.AddRange(["00001", "00010", "00100", "01000", "10000"]);
        var project = await grid.SubmitAsync(request);
        // The liar returns its result before anyone honest is around: the quorum must then outvote it.
        await Eventually.ValueAsync(async () => await grid.Status.GetGridStatusAsync(new GridStatusRequest()), s => s.Replicas.Any(r => r.State == "returned" && r.Count > 0), "the liar's result to be in", Timeout);
        for (var i = 0; i < 3; i++)
        {
            grid.StartVolunteer($"honest{i}");
        }
        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.True(done.Verification.ReplicasInvalid >= 1);

        using var result = JsonDocument.Parse(await grid.DownloadAsync(project.Id, ResultFormat.Json));
        var (code, simulated, _) = await VqProcess.RunAsync(Timeout, "simulate", file, "--shots", "5000", "--seed", "3", "--amplitudes", "00001,00010,00100,01000,10000", "--json");
        Assert.Equal(0, code);
        using var expected = JsonDocument.Parse(simulated);
        Assert.Equal(expected.RootElement.GetProperty("counts").ToString(), result.RootElement.GetProperty("counts").ToString());
        foreach (var amplitude in expected.RootElement.GetProperty("amplitudes").EnumerateObject())
        {
            var fromGrid = result.RootElement.GetProperty("amplitudes").GetProperty(amplitude.Name);
            Assert.Equal(amplitude.Value[0].GetDouble(), fromGrid[0].GetDouble(), 12);
            Assert.Equal(amplitude.Value[1].GetDouble(), fromGrid[1].GetDouble(), 12);
        }

        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), grid.Headers)).Hosts;
        var mallory = hosts.Single(h => h.Owner == "mallory");
        Assert.True(mallory.Invalid >= 1);
        Assert.Equal(0, mallory.Valid);
        Assert.All(hosts.Where(h => h.Owner != "mallory"), h => Assert.Equal(0, h.Invalid));
    }

    [Fact]
    public async Task VolunteerKilledMidUnit_LeaseExpires_UnitReissued_ProjectCompletes()
    {
        // Leases of 4.5 s: the survivor's must outlast the pauses of a machine busy with other
        // test classes' processes (at 1.5 s, one CI run lost the survivor's lease too).
        await using var grid = await ProcessGrid.StartAsync(heartbeatSeconds: 1.5);
        var heavy = TestFiles.Heavy(grid.Root, qubits: 23, layers: 30, seed: 5);
        var doomed = grid.StartVolunteer("doomed");
        var project = await grid.SubmitAsync(new SubmitProjectRequest { Qasm = File.ReadAllText(heavy), FileName = "heavy.qasm", Shots = 100, Seed = 1, MinQuorum = 1 });
        await Eventually.ValueAsync(async () => await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, grid.Headers), p => p.ReplicasRunning == 1, "the doomed volunteer to be computing", Timeout);
        doomed.Kill();
        grid.StartVolunteer("survivor");
        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.Equal(1, done.Verification.ReplicasTimedOut);
        Assert.Equal(1, done.Verification.ReplicasValid);
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), grid.Headers)).Hosts;
        Assert.Equal(1, hosts.Single(h => h.Owner == "doomed").Timeouts);
        Assert.Equal(1, hosts.Single(h => h.Owner == "survivor").Valid);
    }

    [Fact]
    public async Task CoordinatorKilledAndRestartedMidProject_ProjectCompletes_NothingLost()
    {
        await using var grid = await ProcessGrid.StartAsync();
        var file = TestFiles.Sweepable(grid.Root, qubits: 18, czLayers: 12);
        var request = new SubmitProjectRequest { Qasm = File.ReadAllText(file), FileName = "sweep.qasm" };
        var thetas = Enumerable.Range(0, 12).Select(i => i * Math.PI / 11).ToArray();
        request.Sweeps.Add(new ParameterSweep { Name = "theta", Values = { thetas } });
        request.Observables.AddRange(["Z0", "Z0 Z1"]);
        var project = await grid.SubmitAsync(request);
        Assert.Equal(12, project.UnitsTotal);
        for (var i = 0; i < 3; i++)
        {
            grid.StartVolunteer($"owner{i}");
        }
        await Eventually.ValueAsync(async () => await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, grid.Headers), p => p.UnitsVerified >= 2, "two units to be verified", Timeout);

        grid.KillCoordinator();
        await Task.Delay(1500);   // volunteers finish units and retry their uploads meanwhile
        await grid.StartCoordinatorAsync();

        var done = await grid.WaitForEndAsync(project.Id, Timeout);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.Equal(12, done.UnitsVerified);
        using var result = JsonDocument.Parse(await grid.DownloadAsync(project.Id, ResultFormat.Json));
        var points = result.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(12, points.Count);
        foreach (var point in points)
        {
            var theta = point.GetProperty("parameters").GetProperty("theta").GetDouble();
            var expectations = point.GetProperty("expectations");
            Assert.Equal(Math.Cos(theta), expectations.GetProperty("Z0").GetDouble(), 10);
            Assert.Equal(Math.Cos(theta) * Math.Cos(theta), expectations.GetProperty("Z0 Z1").GetDouble(), 10);
        }
        // Each unit was verified once; replicas beyond the quorum were only those whose leases were open at the crash.
        Assert.True(done.Verification.ReplicasValid >= 24);
        Assert.True(done.Verification.ReplicasInvalid == 0);
    }
}
