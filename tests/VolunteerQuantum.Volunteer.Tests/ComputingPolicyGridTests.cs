using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Reporting;
using VolunteerQuantum.Volunteer.Tests.Support;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>
/// The computing policy inside a running daemon, fed with fake readings: a paused host says why
/// and gets no work; a running unit is suspended with a checkpoint and resumed from it.
/// </summary>
public sealed class ComputingPolicyGridTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PausedVolunteer_ReportsWhy_GetsNoWork_ComputesOnceAllowed()
    {
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 0.5);
        var readings = new FakeReadings(FakeReadings.Calm with { OnBattery = true });
        var dataDirectory = Path.Combine(grid.Root, "volunteer");
        await using var volunteer = await grid.StartVolunteerAsync(dataDirectory, readings, checkpointSeconds: 60);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(4, 2, 1), Shots = 100, Seed = 2, MinQuorum = 1 }, grid.Key);

        await LoopbackGrid.WaitUntilAsync(async () => (await grid.Status.GetGridStatusAsync(new GridStatusRequest())).PausedHosts.Any(p => p.Reason == "on battery"), Timeout);
        var status = VolunteerStatusFile.Read(dataDirectory)!;
        Assert.Equal(VolunteerState.Paused, status.State);
        Assert.Equal("on battery", status.PausedReason);
        await Task.Delay(500);
        var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, grid.Key);
        Assert.Equal(0, info.ReplicasRunning);
        Assert.Empty(grid.Replicas(project.Id));

        readings.Sample = FakeReadings.Calm;
        Assert.Equal(ProjectState.Completed, (await grid.WaitForEndAsync(project.Id, Timeout)).State);
        Assert.Equal(0, (await grid.Status.GetGridStatusAsync(new GridStatusRequest())).Hosts.Paused);
    }

    [Fact]
    public async Task RunningUnit_SuspendedByPolicy_CheckpointedAndHeld_ResumedFromCheckpoint_ExactResult()
    {
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 1);
        var readings = new FakeReadings(FakeReadings.Calm);
        var dataDirectory = Path.Combine(grid.Root, "volunteer");
        await using var volunteer = await grid.StartVolunteerAsync(dataDirectory, readings, checkpointSeconds: 0.3);
        var qasm = HeavyCircuit.Qasm(20, 400, 3);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = qasm, Shots = 500, Seed = 5, MinQuorum = 1 }, grid.Key);
        string Describe() => $"status: {File.ReadAllText(Path.Combine(dataDirectory, "status.json"))}\nreplicas: {string.Join(", ", grid.Replicas(project.Id).Select(r => $"{r.Id} {r.State} {r.Message}"))}";
        // Suspended once a first checkpoint shows it well under way (the suspension writes another).
        var checkpoints = Path.Combine(dataDirectory, "checkpoints");
        await LoopbackGrid.WaitUntilAsync(() => Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, "*.vqck").Length > 0, Timeout, Describe);

        // The user unplugs the laptop: the unit is suspended (checkpointed), the lease held, the reason shown.
        readings.Sample = FakeReadings.Calm with { OnBattery = true };
        await LoopbackGrid.WaitUntilAsync(() => VolunteerStatusFile.Read(dataDirectory) is { State: VolunteerState.Paused, Replica: not null, LastCheckpoint: not null }, Timeout, Describe);
        await LoopbackGrid.WaitUntilAsync(async () => (await grid.Status.GetGridStatusAsync(new GridStatusRequest())).PausedHosts.Any(p => p.Reason == "on battery"), Timeout, Describe);
        var suspended = VolunteerStatusFile.Read(dataDirectory)!;
        var lease = Assert.Single(grid.Replicas(project.Id)).LeaseExpiryUtc;
        await Task.Delay(2500);   // more than two heartbeat intervals: the heartbeats go on while it waits
        var still = VolunteerStatusFile.Read(dataDirectory)!;
        Assert.Equal(VolunteerState.Paused, still.State);
        Assert.Equal(suspended.LastCheckpoint, still.LastCheckpoint);
        Assert.InRange(still.LastCheckpoint!.FusedOperationsDone, 1, still.LastCheckpoint.FusedOperationsTotal - 1);
        var replica = Assert.Single(grid.Replicas(project.Id));
        Assert.Equal(VolunteerQuantum.Coordinator.Storage.ReplicaState.InProgress, replica.State);
        Assert.True(replica.LeaseExpiryUtc > lease, "the lease was not renewed while the replica was suspended");

        readings.Sample = FakeReadings.Calm;
        Assert.Equal(ProjectState.Completed, (await grid.WaitForEndAsync(project.Id, Timeout)).State);
        replica = Assert.Single(grid.Replicas(project.Id));
        Assert.Equal(1, replica.Resumes);
        Assert.Equal(still.LastCheckpoint.FusedOperationsDone, replica.ResumedFromOperations);
        await LoopbackGrid.WaitUntilAsync(() => Directory.GetFiles(checkpoints).Length == 0, Timeout, Describe);   // deleted after the upload
        await AssertExactCountsAsync(grid, project.Id, qasm, 500, 5);
    }

    /// <summary>The grid's counts are those of one uninterrupted run with the project's seed.</summary>
    internal static async Task AssertExactCountsAsync(LoopbackGrid grid, string projectId, string qasm, long shots, ulong seed)
    {
        using var expected = VolunteerQuantum.Grid.Execution.UnitExecutor.Execute(
            new VolunteerQuantum.Grid.Execution.UnitTaskSpec { Source = qasm, Whole = new VolunteerQuantum.Grid.Units.WholeUnitSpec { Shots = shots, Seed = seed } },
            new VolunteerQuantum.Grid.Execution.ExecutionLimits { Threads = 1 },
            null,
            CancellationToken.None);
        using var result = await grid.ResultAsync(projectId);
        var counts = result.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        Assert.Equal(expected.Result.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal), counts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }
}
