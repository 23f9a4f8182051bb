using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Researchers see only their own account's projects; quotas and the grid's limits answer ResourceExhausted and change nothing.</summary>
public sealed class ResearcherIsolationTests
{
    private static SubmitProjectRequest Bell => new() { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3 };

    [Fact]
    public async Task AnotherAccountsProject_NotFoundForReadWatchCancelDownload_AndNotListed()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var alice = await grid.ResearcherAsync("alice");
        var bob = await grid.ResearcherAsync("bob");
        var project = await grid.Projects.SubmitAsync(Bell, alice);
        var request = new ProjectRequest { ProjectId = project.Id };

        foreach (var call in new Func<Task>[]
        {
            async () => await grid.Projects.GetProjectAsync(request, bob),
            async () => await grid.Projects.CancelProjectAsync(request, bob),
            async () =>
            {
                using var watch = grid.Projects.WatchProject(request, bob);
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            },
            async () =>
            {
                using var download = grid.Projects.DownloadResult(new DownloadResultRequest { ProjectId = project.Id }, bob);
                await download.ResponseStream.MoveNext(CancellationToken.None);
            },
        })
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
            Assert.Contains($"no project '{project.Id}' for account 'bob'", e.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Empty((await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), bob)).Projects);
        // Bob's failed cancel changed nothing; the owner and an admin see it running.
        Assert.Equal(ProjectState.Running, (await grid.Projects.GetProjectAsync(request, alice)).State);
        Assert.Single((await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), alice)).Projects);
        await grid.Projects.SubmitAsync(Bell, bob);
        Assert.Equal(2, (await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders)).Projects.Count);
        Assert.Equal(ProjectState.Cancelled, (await grid.Projects.CancelProjectAsync(request, alice)).State);
    }

    [Fact]
    public async Task DisabledResearcher_PermissionDenied_KeyWorksAgainOnceEnabled()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var carol = await grid.ResearcherAsync("carol");
        await grid.Admin.SetAccountDisabledAsync(new SetAccountDisabledRequest { Name = "carol", Disabled = true, Reason = "left the lab" }, TestCoordinator.ApiKeyHeaders);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(Bell, carol));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("left the lab", e.Status.Detail, StringComparison.Ordinal);
        await grid.Admin.SetAccountDisabledAsync(new SetAccountDisabledRequest { Name = "carol", Disabled = false }, TestCoordinator.ApiKeyHeaders);
        await grid.Projects.SubmitAsync(Bell, carol);
    }

    [Fact]
    public async Task OpenProjectQuota_ResourceExhaustedNamingIt_NothingCreated()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.MaxOpenProjectsPerAccount = 2);
        var alice = await grid.ResearcherAsync("alice");
        await grid.Projects.SubmitAsync(Bell, alice);
        await grid.Projects.SubmitAsync(Bell, alice);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(Bell, alice));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("Coordinator:MaxOpenProjectsPerAccount = 2", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), alice)).Projects.Count);
        // Another account has a quota of its own.
        await grid.Projects.SubmitAsync(Bell, await grid.ResearcherAsync("bob"));
    }

    [Fact]
    public async Task SubmissionRate_ResourceExhaustedNamingIt_NothingCreated()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.SubmissionsPerMinutePerAccount = 3);
        var alice = await grid.ResearcherAsync("alice");
        for (var i = 0; i < 3; i++)
        {
            await grid.Projects.SubmitAsync(Bell, alice);
        }
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(Bell, alice));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("Coordinator:SubmissionsPerMinutePerAccount", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(3, (await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), alice)).Projects.Count);
    }

    [Fact]
    public async Task StoredResultQuota_FullAccountRefused_OthersNot()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.MaxStoredResultBytesPerAccount = 1);
        var alice = await grid.ResearcherAsync("alice");
        var project = await grid.Projects.SubmitAsync(Bell, alice);
        var a = await ScriptedVolunteer.RegisterAsync(grid, "v1");
        var b = await ScriptedVolunteer.RegisterAsync(grid, "v2");
        var ra = (await a.RequestAsync())!;
        var rb = (await b.RequestAsync())!;
        await a.SubmitAsync(ScriptedVolunteer.Counts(ra.ReplicaId, ("00", 50), ("11", 50)));
        await b.SubmitAsync(ScriptedVolunteer.Counts(rb.ReplicaId, ("00", 50), ("11", 50)));
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(project.Id, alice)).State);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(Bell, alice));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("Coordinator:MaxStoredResultBytesPerAccount", e.Status.Detail, StringComparison.Ordinal);
        await grid.Projects.SubmitAsync(Bell, await grid.ResearcherAsync("bob"));
    }

    [Fact]
    public async Task ImpossibleSubmissions_RefusedAtSubmit_NothingCreated()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.MaxUnitsPerProject = 50);
        var alice = await grid.ResearcherAsync("alice");
        // A billion one-shot units of a dynamic circuit: refused from arithmetic, before any unit exists.
        var many = new SubmitProjectRequest { Qasm = Dynamic, Shots = 1_000_000_000, ShotsPerUnit = 1 };
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(many, alice));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("more than the 50 a project may have (Coordinator:MaxUnitsPerProject)", e.Status.Detail, StringComparison.Ordinal);
        // A 40-qubit state in one unit (16 TiB): no volunteer could ever hold it.
        var huge = new SubmitProjectRequest { Qasm = Ghz(40), ReturnState = true, Strategy = Strategy.Whole };
        e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(huge, alice));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("Coordinator:MaxUnitMemoryBytes", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders)).Projects);
    }

    private const string Dynamic = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q[0] -> c[0];\nreset q[0];\nmeasure q[0] -> c[0];\n";

    private static string Ghz(int n) =>
        $"OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[{n}];\nh q[0];\n" + string.Concat(Enumerable.Range(1, n - 1).Select(i => $"cx q[{i - 1}],q[{i}];\n"));
}
