using Grpc.Core;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Tests.Support;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>
/// Live progress with real volunteer daemons against a real coordinator on loopback: the watch
/// stream's work fraction rises while a long unit runs (not 0, then 1), and a grid whose
/// volunteers are all paused by their computing policy says so, and why.
/// </summary>
public sealed class ProgressGridTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task OneLongUnit_WatchStream_WorkFractionRisesStrictlyInsideZeroAndOne_WhileItRuns()
    {
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 0.2);
        await using var volunteer = await grid.StartVolunteerAsync(Path.Combine(grid.Root, "volunteer"), new FakeReadings(FakeReadings.Calm), checkpointSeconds: 60);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(20, 400, 3), Shots = 500, Seed = 5, MinQuorum = 1 }, grid.Key);
        Assert.Equal(1, project.UnitsTotal);

        var seen = new List<ProjectInfo>();
        using var timeout = new CancellationTokenSource(Timeout);
        using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, grid.Key, cancellationToken: timeout.Token);
        await foreach (var info in watch.ResponseStream.ReadAllAsync(timeout.Token))
        {
            seen.Add(info);
        }

        var last = seen[^1];
        Assert.Equal(ProjectState.Completed, last.State);
        Assert.Equal(1, last.WorkFraction);
        string Describe() => string.Join("\n", seen.Select(i => $"{i.State} {i.WorkFraction:0.000} {i.UnitsVerified}/{i.UnitsTotal} running {i.ReplicasRunning} rate {i.UnitsPerSecond:0.0000} eta {(i.HasEtaSeconds ? i.EtaSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-")}"));
        var inside = seen.Where(i => i.WorkFraction is > 0 and < 1).Select(i => i.WorkFraction).ToList();
        Assert.True(inside.Distinct().Count() >= 2, $"the fraction should rise through (0, 1) while the replica runs:\n{Describe()}");
        Assert.True(seen.Where(i => i.WorkFraction is > 0 and < 1).All(i => i.UnitsVerified == 0 && i.ReplicasRunning == 1), Describe());
        // Rising, never back: each message's fraction at least the one before.
        var fractions = seen.Select(i => i.WorkFraction).ToList();
        Assert.True(fractions.Zip(fractions.Skip(1)).All(p => p.Second >= p.First), Describe());
    }

    [Fact]
    public async Task EveryVolunteerPausedByPolicy_WatchStream_SaysAllPausedAndWhy_ThenRunsOnceAllowed()
    {
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 0.5);
        // Other processes using the CPU on both machines.
        var readings = new FakeReadings(FakeReadings.Calm with { OtherCpuFraction = 0.93 });
        await using var first = await grid.StartVolunteerAsync(Path.Combine(grid.Root, "first"), readings, checkpointSeconds: 60);
        await using var second = await grid.StartVolunteerAsync(Path.Combine(grid.Root, "second"), readings, checkpointSeconds: 60);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = HeavyCircuit.Qasm(4, 2, 1), Shots = 100, Seed = 2, MinQuorum = 1 }, grid.Key);

        using var timeout = new CancellationTokenSource(Timeout);
        using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, grid.Key, cancellationToken: timeout.Token);
        ProjectInfo? last = null;
        while (await watch.ResponseStream.MoveNext(timeout.Token))
        {
            last = watch.ResponseStream.Current;
            // Until both daemons have asked for work with their reason.
            if (last.Stall is { Reason: StallReason.AllPaused } s && s.Pauses.Sum(p => p.Hosts) == 2)
            {
                break;
            }
        }
        var stall = last!.Stall;
        Assert.Equal(StallReason.AllPaused, stall.Reason);
        var pause = Assert.Single(stall.Pauses);
        Assert.Equal("other processes use 93% of the CPU (limit 50%)", pause.Reason);
        Assert.Equal(2, pause.Hosts);
        Assert.Contains("paused by their computing policy: other processes use 93% of the CPU (limit 50%) (2)", stall.Message, StringComparison.Ordinal);
        Assert.Equal(0, last.ReplicasRunning);
        Assert.False(last.HasEtaSeconds);

        readings.Sample = FakeReadings.Calm;
        while (await watch.ResponseStream.MoveNext(timeout.Token))
        {
            last = watch.ResponseStream.Current;
        }
        Assert.Equal(ProjectState.Completed, last.State);
        Assert.Null(last.Stall);
    }
}
