using Microsoft.Extensions.Time.Testing;
using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

public sealed class SchedulingTests
{
    private static async Task<ProjectInfo> SubmitBellAsync(TestCoordinator grid, int quorum = 2) =>
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3, MinQuorum = quorum }, TestCoordinator.ApiKeyHeaders);

    [Fact]
    public async Task RequestWork_ReplicasGoToDistinctHostsAndDistinctOwners()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await SubmitBellAsync(grid);
        var alice1 = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var alice2 = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var bob = await ScriptedVolunteer.RegisterAsync(grid, "bob");

        var first = await alice1.RequestAsync();
        Assert.NotNull(first);
        Assert.Null(await alice1.RequestAsync());   // same host: never two replicas of one unit
        Assert.Null(await alice2.RequestAsync());   // same owner: never two replicas of one unit
        var second = await bob.RequestAsync();
        Assert.NotNull(second);
        Assert.Equal(first.Task.UnitId, second.Task.UnitId);
        Assert.NotEqual(first.ReplicaId, second.ReplicaId);
        Assert.Equal(first.Task.Whole.Seed, second.Task.Whole.Seed);
    }

    [Fact]
    public async Task RequestWork_HostWithTooLittleMemory_GetsNothing()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await SubmitBellAsync(grid);
        var tiny = await ScriptedVolunteer.RegisterAsync(grid, "tiny", memoryBytes: 16);
        Assert.Null(await tiny.RequestAsync(memoryBytes: 16));
        Assert.NotNull(await tiny.RequestAsync(memoryBytes: 1 << 20));
    }

    [Fact]
    public async Task RequestWork_WrongHostSecret_Unauthenticated()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var host = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var forged = new Metadata { { "vq-host-id", host.HostId }, { "vq-host-secret", "guess" } };
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.RequestWorkAsync(new WorkRequest(), forged));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task Register_WrongEnrollmentToken_Unauthenticated()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Volunteers.RegisterAsync(new RegisterRequest { EnrollmentToken = "wrong", Owner = "x" }));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        var status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.Equal(0, status.Hosts.Registered);
    }

    [Fact]
    public async Task Heartbeat_AndSubmit_ForReplicaLeasedToAnotherHost_PermissionDenied_NothingChanges()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await SubmitBellAsync(grid);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var mallory = await ScriptedVolunteer.RegisterAsync(grid, "mallory");
        var lease = (await alice.RequestAsync())!;

        var heartbeat = await Assert.ThrowsAsync<RpcException>(async () => await mallory.HeartbeatAsync(lease.ReplicaId));
        Assert.Equal(StatusCode.PermissionDenied, heartbeat.StatusCode);
        var submit = await Assert.ThrowsAsync<RpcException>(async () => await mallory.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 100))));
        Assert.Equal(StatusCode.PermissionDenied, submit.StatusCode);

        var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(1, info.ReplicasRunning);
        Assert.Equal(0, info.Verification.ReplicasInvalid);
        // The rightful holder can still heartbeat and submit.
        Assert.Equal(HeartbeatAction.Continue, (await alice.HeartbeatAsync(lease.ReplicaId)).Action);
    }

    [Fact]
    public async Task Lease_WithoutHeartbeats_ExpiresAndUnitIsReissued_LateResultRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var grid = await TestCoordinator.StartAsync(clock: clock);
        var project = await SubmitBellAsync(grid, quorum: 1);
        var vanishing = await ScriptedVolunteer.RegisterAsync(grid, "vanishing");
        var steady = await ScriptedVolunteer.RegisterAsync(grid, "steady");
        var lost = (await vanishing.RequestAsync())!;
        Assert.Null(await steady.RequestAsync());   // quorum 1: the only replica is out

        // Heartbeat lease = 0.5 s × 2 missed heartbeats: just short of it the lease holds, past it the sweep expires it.
        clock.Advance(TimeSpan.FromSeconds(0.9));
        Assert.Null(await steady.RequestAsync());
        clock.Advance(TimeSpan.FromSeconds(0.2));
        var reissued = await Eventually.ValueAsync(() => steady.RequestAsync(), a => a is not null, "the unit to be offered again");
        Assert.NotNull(reissued);
        Assert.Equal(lost.Task.UnitId, reissued.Task.UnitId);

        var late = await Assert.ThrowsAsync<RpcException>(async () => await vanishing.SubmitAsync(ScriptedVolunteer.Counts(lost.ReplicaId, ("00", 100))));
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        var abort = await vanishing.HeartbeatAsync(lost.ReplicaId);
        Assert.Equal(HeartbeatAction.Abort, abort.Action);

        await steady.SubmitAsync(ScriptedVolunteer.Counts(reissued.ReplicaId, ("00", 50), ("11", 50)));
        var info = await grid.EndedAsync(project.Id);
        Assert.Equal(ProjectState.Completed, info.State);
        Assert.Equal(1, info.Verification.ReplicasTimedOut);
    }

    [Fact]
    public async Task Heartbeats_KeepTheLease()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var grid = await TestCoordinator.StartAsync(clock: clock);
        await SubmitBellAsync(grid, quorum: 1);
        var worker = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        var other = await ScriptedVolunteer.RegisterAsync(grid, "other");
        var lease = (await worker.RequestAsync())!;
        // 15 heartbeats 0.6 s apart: 9 s, nine leases long, each heartbeat inside the last lease.
        for (var i = 0; i < 15; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(0.6));
            Assert.Equal(HeartbeatAction.Continue, (await worker.HeartbeatAsync(lease.ReplicaId, i / 15.0)).Action);
        }
        Assert.Null(await other.RequestAsync());
        Assert.Equal(Storage.ReplicaState.InProgress, grid.Replica(lease.ReplicaId).State);
    }

    [Fact]
    public async Task ReleaseLease_UnitOfferedAgainAtOnce()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await SubmitBellAsync(grid, quorum: 1);
        var leaving = await ScriptedVolunteer.RegisterAsync(grid, "leaving");
        var other = await ScriptedVolunteer.RegisterAsync(grid, "other");
        var lease = (await leaving.RequestAsync())!;
        await leaving.Client.ReleaseLeaseAsync(new ReleaseLeaseRequest { ReplicaId = lease.ReplicaId, Reason = "shutting down" }, leaving.Headers);
        var next = await other.RequestAsync();
        Assert.NotNull(next);
        Assert.Equal(lease.Task.UnitId, next.Task.UnitId);
    }

    [Fact]
    public async Task CancelProject_HeartbeatAnswersAbort_NoMoreWork()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await SubmitBellAsync(grid);
        var worker = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        var other = await ScriptedVolunteer.RegisterAsync(grid, "other");
        var lease = (await worker.RequestAsync())!;
        var cancelled = await grid.Projects.CancelProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(ProjectState.Cancelled, cancelled.State);
        Assert.Equal(HeartbeatAction.Abort, (await worker.HeartbeatAsync(lease.ReplicaId)).Action);
        Assert.Null(await other.RequestAsync());
        var again = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.CancelProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task DownloadBlob_CircuitOfLeasedReplica_Served_OthersNotFound()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await SubmitBellAsync(grid);
        var worker = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        var stranger = await ScriptedVolunteer.RegisterAsync(grid, "stranger");
        var lease = (await worker.RequestAsync())!;
        var bytes = await worker.DownloadAsync(lease.Task.Circuit.Sha256);
        Assert.Equal(TestCircuits.Bell, System.Text.Encoding.UTF8.GetString(bytes));
        var e = await Assert.ThrowsAsync<RpcException>(async () => await stranger.DownloadAsync(lease.Task.Circuit.Sha256));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }
}
