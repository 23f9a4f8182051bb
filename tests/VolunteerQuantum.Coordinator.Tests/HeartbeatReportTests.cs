using Microsoft.Extensions.DependencyInjection;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>What a volunteer tells the coordinator in its heartbeats besides progress: resumes from checkpoints, suspensions.</summary>
public sealed class HeartbeatReportTests
{
    [Fact]
    public async Task Heartbeat_ResumedFromCheckpoint_RecordedOnReplica_OncePerResume()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var lease = (await alice.RequestAsync())!;

        await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = 0.1 }, alice.Headers);
        Assert.Equal(0, Replica(grid, lease.ReplicaId).Resumes);

        for (var i = 0; i < 3; i++)
        {
            var reply = await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = 0.6, ResumedFromOperations = 1234 }, alice.Headers);
            Assert.Equal(HeartbeatAction.Continue, reply.Action);
        }
        var replica = Replica(grid, lease.ReplicaId);
        Assert.Equal(1234, replica.ResumedFromOperations);
        Assert.Equal(1, replica.Resumes);
        Assert.Contains("resumed from a checkpoint after 1234 fused operations", replica.Message, StringComparison.Ordinal);

        await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = 0.8, ResumedFromOperations = 2000 }, alice.Headers);
        Assert.Equal(2, Replica(grid, lease.ReplicaId).Resumes);
        Assert.Empty(grid.LoggedErrors);
    }

    [Fact]
    public async Task OrdinaryHeartbeats_RenewInMemory_WrittenBySweeper_LeaseNeverLapses()
    {
        // The sweeper writes renewals every 2 s; leases last 2 × 0.5 s. Only renewals held in
        // memory can keep the lease between two writes.
        await using var grid = await TestCoordinator.StartAsync(o => o.LeaseSweepSeconds = 2);
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var lease = (await alice.RequestAsync())!;
        var issued = Replica(grid, lease.ReplicaId).LeaseExpiryUtc;

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var progress = 0.0;
        while (DateTime.UtcNow < until)
        {
            progress = Math.Min(1, progress + 0.01);
            var reply = await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = progress }, alice.Headers);
            Assert.Equal(HeartbeatAction.Continue, reply.Action);
            await Task.Delay(100);
        }
        // Still heartbeating (the lease must not lapse meanwhile) until the sweeper wrote the last progress.
        var last = progress;
        var written = await Eventually.ValueAsync(async () =>
        {
            Assert.Equal(HeartbeatAction.Continue, (await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = last }, alice.Headers)).Action);
            await Task.Delay(100);
            return Replica(grid, lease.ReplicaId);
        }, r => r.Progress == last, "the last progress to be written");
        Assert.Equal(ReplicaState.InProgress, written.State);
        Assert.True(written.LeaseExpiryUtc > issued + TimeSpan.FromSeconds(3), $"lease {written.LeaseExpiryUtc:O} not renewed past {issued:O}");
        // Writing renewals changes nothing a heartbeat needs: the lease stays held in memory.
        Assert.Equal(HeartbeatAction.Continue, (await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = last }, alice.Headers)).Action);
        grid.Server.Services.GetRequiredService<Scheduling.LeaseMonitor>().WriteRenewals();
        Assert.Null(grid.Server.Services.GetRequiredService<Scheduling.LeaseRenewals>().ExpiryOf(lease.ReplicaId));
        Assert.True(grid.Server.Services.GetRequiredService<GridStore>().Leases.TryGet(lease.ReplicaId, out _), "writing the renewal dropped the lease from memory");
        await alice.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 50), ("11", 50)));
    }

    [Fact]
    public async Task LeaseHeldInMemory_ProjectCancelled_NextHeartbeatAborts()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.HeartbeatIntervalSeconds = 10);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var lease = (await alice.RequestAsync())!;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HeartbeatAction.Continue, (await alice.HeartbeatAsync(lease.ReplicaId)).Action);
        }
        Assert.True(grid.Server.Services.GetRequiredService<GridStore>().Leases.TryGet(lease.ReplicaId, out _), "the lease should be held in memory by now");

        await grid.Projects.CancelProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        var reply = await alice.HeartbeatAsync(lease.ReplicaId);
        Assert.Equal(HeartbeatAction.Abort, reply.Action);
        Assert.Contains("no longer needs results", reply.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaseHeldInMemory_Expired_NextHeartbeatAborts_UnitReissued()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var bob = await ScriptedVolunteer.RegisterAsync(grid, "bob");
        var lease = (await alice.RequestAsync())!;
        Assert.Equal(HeartbeatAction.Continue, (await alice.HeartbeatAsync(lease.ReplicaId)).Action);
        Assert.Equal(HeartbeatAction.Continue, (await alice.HeartbeatAsync(lease.ReplicaId)).Action);

        // Silence past the lease (0.5 s × 2): the sweeper expires it although memory held it.
        var reissued = await Eventually.ValueAsync(() => bob.RequestAsync(), a => a is not null, "the unit to be offered again");
        Assert.Equal(lease.Task.UnitId, reissued!.Task.UnitId);
        var reply = await alice.HeartbeatAsync(lease.ReplicaId);
        Assert.Equal(HeartbeatAction.Abort, reply.Action);
        Assert.Contains("lease expired", reply.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_PausedReason_ShownInStatus_ClearedWhenComputingAgain()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var lease = (await alice.RequestAsync())!;

        var reply = await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = 0.3, PausedReason = "user active" }, alice.Headers);
        Assert.Equal(HeartbeatAction.Continue, reply.Action);
        var status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.Equal(1, status.Hosts.Paused);
        Assert.Equal("user active", Assert.Single(status.PausedHosts).Reason);

        await alice.Client.HeartbeatAsync(new HeartbeatRequest { ReplicaId = lease.ReplicaId, Progress = 0.4 }, alice.Headers);
        status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.Equal(0, status.Hosts.Paused);
        Assert.Empty(status.PausedHosts);
    }

    private static ReplicaRecord Replica(TestCoordinator grid, string id)
    {
        var store = grid.Server.Services.GetRequiredService<GridStore>();
        lock (store.Gate)
        {
            return store.Replicas.FindById(id)!;
        }
    }
}
