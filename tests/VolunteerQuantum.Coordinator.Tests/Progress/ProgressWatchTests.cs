using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests.Progress;

/// <summary>
/// The live progress in WatchProject's stream, over real gRPC on loopback with scripted volunteers:
/// the work fraction follows the heartbeats, and a project with nothing running says why.
/// </summary>
public sealed class ProgressWatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WatchProject_OneUnitRunning_WorkFractionFollowsHeartbeats_StrictlyBetweenZeroAndOne()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.ProgressSampleSeconds = 0.1);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var lease = (await alice.RequestAsync())!;
        var progress = 0.25;
        using var stop = new CancellationTokenSource();
        // Heartbeats all along, as a daemon sends them: they keep the lease and carry the progress.
        var heartbeats = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await alice.HeartbeatAsync(lease.ReplicaId, Volatile.Read(ref progress));
                await Task.Delay(100);
            }
        });

        using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        var quarter = await NextAsync(watch, i => Math.Abs(i.WorkFraction - 0.25) < 1e-9);
        Assert.Equal(0, quarter.UnitsVerified);
        Assert.Equal(1, quarter.ReplicasRunning);
        Assert.Equal(0, quarter.ReplicasPaused);
        Assert.Null(quarter.Stall);

        Volatile.Write(ref progress, 0.75);
        var seen = new List<double>();
        var threeQuarters = await NextAsync(watch, i =>
        {
            seen.Add(i.WorkFraction);
            return Math.Abs(i.WorkFraction - 0.75) < 1e-9;
        });
        Assert.All(seen, f => Assert.InRange(f, 0.25, 0.75));
        Assert.Equal(seen.Order(), seen);
        Assert.True(threeQuarters.ThroughputWindowSeconds > 0, "the rate's window should have begun");

        await stop.CancelAsync();
        await heartbeats;
        await alice.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 50), ("11", 50)));
        var ended = await NextAsync(watch, i => i.State != ProjectState.Running);
        Assert.Equal(ProjectState.Completed, ended.State);
        Assert.Equal(1, ended.WorkFraction);
        Assert.Null(ended.Stall);
        Assert.False(ended.HasEtaSeconds);
    }

    [Fact]
    public async Task WatchProject_NoVolunteerRegistered_StalledNoVolunteers()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.ProgressSampleSeconds = 0.1);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        var stalled = await NextAsync(watch, i => i.Stall is not null);
        Assert.Equal(StallReason.NoVolunteers, stalled.Stall.Reason);
        Assert.Contains("no volunteer has registered", stalled.Stall.Message, StringComparison.Ordinal);
        Assert.Equal(0, stalled.WorkFraction);
        Assert.False(stalled.HasEtaSeconds);
    }

    [Fact]
    public async Task WatchProject_OnlyVolunteerTooSmall_StalledNotEnoughMemory_WithTheAmounts()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.ProgressSampleSeconds = 0.1);
        // 12 qubits in double precision: a 64 KiB state; the volunteer lends 16 KiB.
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(12, 1, 1), Shots = 10, MinQuorum = 1, Strategy = Strategy.Whole }, TestCoordinator.ApiKeyHeaders);
        var small = await ScriptedVolunteer.RegisterAsync(grid, "small", memoryBytes: 16 << 10);
        Assert.Null(await small.RequestAsync(memoryBytes: 16 << 10));

        using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        // Samples from before the volunteer registered said there was none.
        var stalled = await NextAsync(watch, i => i.Stall?.Reason == StallReason.NotEnoughMemory);
        Assert.Equal(project.Plan.MemoryPerUnitBytes, stalled.Stall.MemoryNeededBytes);
        Assert.True(stalled.Stall.MemoryNeededBytes >= 64 << 10, $"the unit needs {stalled.Stall.MemoryNeededBytes} bytes");
        Assert.Equal(16 << 10, stalled.Stall.LargestHostMemoryBytes);
        Assert.Contains("the largest of the 1 connected volunteer(s) lends 16 KiB", stalled.Stall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchProject_EveryVolunteerPaused_StalledAllPaused_WithTheirReason()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.ProgressSampleSeconds = 0.1);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        const string Busy = "other processes use 93% of the CPU (limit 50%)";
        foreach (var name in new[] { "alice", "bob" })
        {
            var host = await ScriptedVolunteer.RegisterAsync(grid, name);
            var capabilities = ScriptedVolunteer.Capabilities(1L << 30);
            capabilities.PausedReason = Busy;
            var reply = await host.Client.RequestWorkAsync(new WorkRequest { Capabilities = capabilities }, host.Headers);
            Assert.Equal(WorkResponse.ReplyOneofCase.NoWork, reply.ReplyCase);
        }

        using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        // A sample taken between the two requests saw one paused volunteer: wait for one that saw both.
        var stalled = await NextAsync(watch, i => i.Stall?.Reason == StallReason.AllPaused && i.Stall.Pauses.Sum(p => p.Hosts) == 2);
        var pause = Assert.Single(stalled.Stall.Pauses);
        Assert.Equal(Busy, pause.Reason);
        Assert.Equal(2, pause.Hosts);
        Assert.Contains($"all 2 volunteer(s) that could compute it are paused by their computing policy: {Busy} (2)", stalled.Stall.Message, StringComparison.Ordinal);
    }

    /// <summary>The stream's next message that satisfies <paramref name="until"/>.</summary>
    private static async Task<ProjectInfo> NextAsync(AsyncServerStreamingCall<ProjectInfo> watch, Func<ProjectInfo, bool> until)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        ProjectInfo? last = null;
        try
        {
            while (await watch.ResponseStream.MoveNext(timeout.Token))
            {
                last = watch.ResponseStream.Current;
                if (until(last))
                {
                    return last;
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && timeout.IsCancellationRequested)
        {
            // Timed out: reported below with the last message.
        }
        throw new TimeoutException($"the watch stream ended or went quiet; last message: {last}");
    }
}
