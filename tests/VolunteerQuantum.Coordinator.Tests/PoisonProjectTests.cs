using Grpc.Core;
using VolunteerQuantum.Coordinator.Pipeline;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.TestSupport;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>
/// A project on which a pipeline service throws every time (a poison project) fails with the
/// reason after a few tries; the coordinator and every other project go on, across restarts too.
/// </summary>
public sealed class PoisonProjectTests
{
    private const string Injected = "injected fault for the poison test";

    /// <summary>Throws in one service, for one project, every time it is asked.</summary>
    private sealed class PoisonProbe(string service) : PipelineProbe
    {
        private int _hits;

        public string? Poisoned { get; set; }

        public int Hits => Volatile.Read(ref _hits);

        public override void BeforeItem(string service1, string projectId)
        {
            if (service1 == service && projectId == Poisoned)
            {
                Interlocked.Increment(ref _hits);
                throw new InvalidOperationException(Injected);
            }
        }
    }

    private static Action<CoordinatorOptions> Options(double retrySeconds) => o =>
    {
        o.HeartbeatIntervalSeconds = 30;   // the executing volunteers do not heartbeat
        o.MaxPipelineAttempts = 3;
        o.PipelineRetrySeconds = retrySeconds;
    };

    private static async Task<TestCoordinator> StartAsync(PoisonProbe probe, double retrySeconds = 0.05, Action<CoordinatorOptions>? more = null)
    {
        var grid = await TestCoordinator.StartAsync(o =>
        {
            Options(retrySeconds)(o);
            more?.Invoke(o);
        }, probe: probe);
        grid.ExpectedError = e => e.Contains(Injected, StringComparison.Ordinal);
        return grid;
    }

    private static SubmitProjectRequest Bell(ulong seed) => new() { Qasm = TestCircuits.Bell, Shots = 100, Seed = seed, MinQuorum = 1 };

    private static SubmitProjectRequest Sharded(ulong seed) => new()
    {
        Qasm = HeavyCircuit.Qasm(8, 3, seed: 2),
        Strategy = Strategy.Shards,
        MaxUnitMemoryBytes = 16 << 4,
        MinQuorum = 1,
        Shots = 100,
        Seed = seed,
    };

    /// <summary>
    /// A grid whose <paramref name="service"/> throws on the first of two like projects, both driven
    /// to their end by one volunteer.
    /// </summary>
    private static async Task<(TestCoordinator Grid, PoisonProbe Probe, string Poison, string Healthy, ExecutingVolunteer Volunteer)> PoisonOneOfTwoAsync(string service, Func<ulong, SubmitProjectRequest> request)
    {
        var probe = new PoisonProbe(service);
        var grid = await StartAsync(probe);
        try
        {
            var poison = await grid.Projects.SubmitAsync(request(1), TestCoordinator.ApiKeyHeaders);
            probe.Poisoned = poison.Id;
            var healthy = await grid.Projects.SubmitAsync(request(2), TestCoordinator.ApiKeyHeaders);
            var volunteer = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "v"));
            await DriveAsync(grid, volunteer, poison.Id, healthy.Id);
            return (grid, probe, poison.Id, healthy.Id, volunteer);
        }
        catch
        {
            await grid.DisposeAsync();
            throw;
        }
    }

    /// <summary>Volunteers compute whatever is offered until both projects have ended.</summary>
    private static async Task DriveAsync(TestCoordinator grid, ExecutingVolunteer volunteer, params string[] projects)
    {
        await Eventually.ValueAsync(async () =>
        {
            await volunteer.WorkOnceAsync();
            var states = new List<ProjectState>();
            foreach (var id in projects)
            {
                states.Add((await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = id }, TestCoordinator.ApiKeyHeaders)).State);
            }
            return states;
        }, states => states.All(s => s != ProjectState.Running), "both projects to end");
    }

    private static void AssertFailedBy(ProjectInfo info, string service)
    {
        Assert.Equal(ProjectState.Failed, info.State);
        Assert.Contains($"the {service} failed on this project 3 times in a row", info.FailureReason, StringComparison.Ordinal);
        Assert.Contains(Injected, info.FailureReason, StringComparison.Ordinal);
    }

    /// <summary>The coordinator still takes and finishes new work.</summary>
    private static async Task AssertStillServesAsync(TestCoordinator grid, ExecutingVolunteer volunteer)
    {
        var fresh = await grid.Projects.SubmitAsync(Bell(99), TestCoordinator.ApiKeyHeaders);
        await DriveAsync(grid, volunteer, fresh.Id);
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(fresh.Id)).State);
    }

    [Fact]
    public async Task Assimilator_ThrowsOnOneProject_ItFailsWithTheReason_OthersComplete()
    {
        var (grid, probe, poison, healthy, volunteer) = await PoisonOneOfTwoAsync(PipelineRunner.Assimilator, Bell);
        await using var owned = grid;

        AssertFailedBy(await grid.EndedAsync(poison), PipelineRunner.Assimilator);
        Assert.Equal(3, probe.Hits);
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(healthy)).State);
        Assert.Contains(grid.LoggedEntries, e => e.Text.Contains($"The assimilator failed on project {poison}", StringComparison.Ordinal));
        await AssertStillServesAsync(grid, volunteer);
    }

    [Fact]
    public async Task Validator_ThrowsOnOneProject_ItFailsWithTheReason_OthersVerified()
    {
        var (grid, _, poison, healthy, volunteer) = await PoisonOneOfTwoAsync(PipelineRunner.Validator, Bell);
        await using var owned = grid;

        var failed = await grid.EndedAsync(poison);
        AssertFailedBy(failed, PipelineRunner.Validator);
        Assert.Equal(0, failed.UnitsVerified);
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(healthy)).State);
        // Nothing of the failed project is left waiting for the validator.
        Assert.Equal(0, (await grid.Status.GetGridStatusAsync(new GridStatusRequest())).Pipeline.UnitsToJudge);
        await AssertStillServesAsync(grid, volunteer);
    }

    [Fact]
    public async Task StageAdvancer_ThrowsOnOneProject_ItFailsWithTheReason_OthersComplete()
    {
        var (grid, _, poison, healthy, volunteer) = await PoisonOneOfTwoAsync(PipelineRunner.StageAdvancer, Sharded);
        await using var owned = grid;

        AssertFailedBy(await grid.EndedAsync(poison), PipelineRunner.StageAdvancer);
        var done = await grid.EndedAsync(healthy);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.True(done.Plan.Stages > 1);
        await AssertStillServesAsync(grid, volunteer);
    }

    [Fact]
    public async Task LeaseSweeper_ThrowsOnOneProject_ItFailsWithTheReason_OtherLeasesStillExpire()
    {
        var probe = new PoisonProbe(PipelineRunner.LeaseSweeper);
        // Leases of 0.2 s × 2 that nobody renews: they expire while the test watches.
        await using var grid = await StartAsync(probe, more: o => o.HeartbeatIntervalSeconds = 0.2);
        var poison = await grid.Projects.SubmitAsync(Bell(1), TestCoordinator.ApiKeyHeaders);
        probe.Poisoned = poison.Id;
        var healthy = await grid.Projects.SubmitAsync(Bell(2), TestCoordinator.ApiKeyHeaders);
        var vanishing = await ScriptedVolunteer.RegisterAsync(grid, "vanishing");
        Assert.NotNull(await vanishing.RequestAsync());
        Assert.NotNull(await vanishing.RequestAsync());

        AssertFailedBy(await grid.EndedAsync(poison.Id), PipelineRunner.LeaseSweeper);
        // The healthy project's lease expired all the same, and its unit went to someone else.
        var steady = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "steady"));
        await DriveAsync(grid, steady, healthy.Id);
        var done = await grid.EndedAsync(healthy.Id);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.Equal(1, done.Verification.ReplicasTimedOut);
    }

    [Fact]
    public async Task PoisonProject_FailuresCountAcrossRestarts_CoordinatorComesUpEachTime()
    {
        // A long back-off: each coordinator process tries the poison project once, then restarts.
        var probe = new PoisonProbe(PipelineRunner.Assimilator);
        await using var grid = await StartAsync(probe, retrySeconds: 600);
        var poison = await grid.Projects.SubmitAsync(Bell(1), TestCoordinator.ApiKeyHeaders);
        probe.Poisoned = poison.Id;
        var volunteer = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "v"));
        Assert.True(await volunteer.WorkOnceAsync());
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await Eventually.TrueAsync(() => grid.Project(poison.Id).PipelineFailures == attempt, $"failure {attempt} to be recorded");
            Assert.Equal(Storage.ProjectState.Running, grid.Project(poison.Id).State);
            Assert.Contains(Injected, grid.Project(poison.Id).LastPipelineFailure, StringComparison.Ordinal);
            // Operators see it stuck: which project, how often, why, and that it waits for the assimilator.
            var pipeline = (await grid.Status.GetGridStatusAsync(new GridStatusRequest())).Pipeline;
            var failing = Assert.Single(pipeline.Failing);
            Assert.Equal(poison.Id, failing.ProjectId);
            Assert.Equal(attempt, failing.Failures);
            Assert.StartsWith("assimilator: InvalidOperationException: " + Injected, failing.LastFailure, StringComparison.Ordinal);
            Assert.Equal(1, pipeline.AssimilationsPending);
            await grid.RestartAsync(Options(600));
            volunteer = new ExecutingVolunteer(ScriptedVolunteer.Reconnect(grid, volunteer.Host));
        }
        AssertFailedBy(await grid.EndedAsync(poison.Id), PipelineRunner.Assimilator);
        Assert.Equal(3, probe.Hits);
        await AssertStillServesAsync(grid, volunteer);
    }

    [Fact]
    public async Task FailingOnce_ThenSucceeding_ProjectCompletes_CountCleared()
    {
        var probe = new OnceProbe();
        await using var grid = await TestCoordinator.StartAsync(Options(0.05), probe: probe);
        grid.ExpectedError = e => e.Contains(Injected, StringComparison.Ordinal);
        var project = await grid.Projects.SubmitAsync(Bell(1), TestCoordinator.ApiKeyHeaders);
        var volunteer = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "v"));
        await DriveAsync(grid, volunteer, project.Id);
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(project.Id)).State);
        Assert.Equal(1, probe.Hits);
        Assert.Equal(0, grid.Project(project.Id).PipelineFailures);
    }

    /// <summary>A transient fault: the assimilator's first try fails, the next succeeds.</summary>
    private sealed class OnceProbe : PipelineProbe
    {
        private int _hits;

        public int Hits => Volatile.Read(ref _hits);

        public override void BeforeItem(string service, string projectId)
        {
            if (service == PipelineRunner.Assimilator && Interlocked.CompareExchange(ref _hits, 1, 0) == 0)
            {
                throw new IOException(Injected);
            }
        }
    }
}
