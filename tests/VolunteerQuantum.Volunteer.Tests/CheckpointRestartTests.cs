using ReplicaState = VolunteerQuantum.Coordinator.Storage.ReplicaState;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Tests.Support;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>A daemon stopped mid-unit and started again on the same data directory (the end-to-end test kills one instead).</summary>
public sealed class CheckpointRestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task StoppedMidUnit_KeepsLeaseAndCheckpoint_RestartResumes_CoordinatorTold_ExactResult()
    {
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 1);
        var readings = new FakeReadings(FakeReadings.Calm);
        var dataDirectory = Path.Combine(grid.Root, "volunteer");
        var (project, qasm) = await StartAndStopMidUnitAsync(grid, dataDirectory, readings);

        await using var restarted = await grid.StartVolunteerAsync(dataDirectory, readings, checkpointSeconds: 0.25, ComputingMode.Always);
        Assert.Equal(ProjectState.Completed, (await grid.WaitForEndAsync(project.Id, Timeout)).State);
        var replica = Assert.Single(grid.Replicas(project.Id));
        Assert.Equal(ReplicaState.Valid, replica.State);
        Assert.Equal(1, replica.Resumes);
        Assert.True(replica.ResumedFromOperations > 0);
        await LoopbackGrid.WaitUntilAsync(() => Directory.GetFiles(Path.Combine(dataDirectory, "checkpoints")).Length == 0, Timeout);   // deleted after the upload
        await ComputingPolicyGridTests.AssertExactCountsAsync(grid, project.Id, qasm, 300, 8);
    }

    [Fact]
    public async Task DamagedCheckpoint_NotUsed_ReplicaComputedFromZeroUnderTheSameLease()
    {
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 1);
        var readings = new FakeReadings(FakeReadings.Calm);
        var dataDirectory = Path.Combine(grid.Root, "volunteer");
        var (project, qasm) = await StartAndStopMidUnitAsync(grid, dataDirectory, readings);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(dataDirectory, "checkpoints"), "*.vqck"));
        var bytes = File.ReadAllBytes(file);
        bytes[^1000] ^= 0xff;   // inside the state
        File.WriteAllBytes(file, bytes);

        await using var restarted = await grid.StartVolunteerAsync(dataDirectory, readings, checkpointSeconds: 0.25, ComputingMode.Always);
        Assert.Equal(ProjectState.Completed, (await grid.WaitForEndAsync(project.Id, Timeout)).State);
        var replica = Assert.Single(grid.Replicas(project.Id));
        Assert.Equal(ReplicaState.Valid, replica.State);
        Assert.Equal(0, replica.Resumes);
        await ComputingPolicyGridTests.AssertExactCountsAsync(grid, project.Id, qasm, 300, 8);
    }

    /// <summary>Starts a unit, waits for its first checkpoint, and stops the daemon as a service manager would.</summary>
    private static async Task<(ProjectInfo Project, string Qasm)> StartAndStopMidUnitAsync(LoopbackGrid grid, string dataDirectory, FakeReadings readings)
    {
        var qasm = HeavyCircuit.Qasm(20, 150, 4);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = qasm, Shots = 300, Seed = 8, MinQuorum = 1 }, grid.Key);
        var checkpoints = Path.Combine(dataDirectory, "checkpoints");
        var first = await grid.StartVolunteerAsync(dataDirectory, readings, checkpointSeconds: 0.25, ComputingMode.Always);
        await LoopbackGrid.WaitUntilAsync(() => Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, "*.vqck").Length > 0, Timeout);
        await first.DisposeAsync();
        var replica = Assert.Single(grid.Replicas(project.Id));
        Assert.Equal(ReplicaState.InProgress, replica.State);   // not released: a restart may resume it
        Assert.Single(Directory.GetFiles(checkpoints, "*.vqck"));
        return (project, qasm);
    }
}
