using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;
using ProjectState = VolunteerQuantum.Protos.V1.ProjectState;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Spot checks by trusted verifiers, re-verification of what a caught host accepted, and adaptive replication.</summary>
public sealed class SpotCheckTests
{
    private static readonly (string, long)[] Truth = [("00", 48), ("11", 52)];
    private static readonly (string, long)[] Lie = [("01", 100)];

    private static async Task<ProjectInfo> GetAsync(TestCoordinator grid, string id) =>
        await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = id }, TestCoordinator.ApiKeyHeaders);

    /// <summary>
    /// A trusted verifier, and a one-unit Bell project whose two replicas (hosts of two accounts)
    /// both returned <paramref name="counts"/>: the unit is verified and awaits its spot check.
    /// </summary>
    private static async Task<(ScriptedVolunteer Verifier, ProjectInfo Project, Assignment First, ScriptedVolunteer[] Hosts)> VerifiedAwaitingCheckAsync(TestCoordinator grid, (string, long)[] counts)
    {
        var verifier = await ScriptedVolunteer.RegisterAsync(grid, "operator");
        await grid.Admin.SetHostTrustedAsync(new SetHostTrustedRequest { HostId = verifier.HostId, Trusted = true }, TestCoordinator.ApiKeyHeaders);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 4 }, TestCoordinator.ApiKeyHeaders);
        var a = await ScriptedVolunteer.RegisterAsync(grid, "quorum1");
        var b = await ScriptedVolunteer.RegisterAsync(grid, "quorum2");
        var ra = (await a.RequestAsync())!;
        var rb = (await b.RequestAsync())!;
        await a.SubmitAsync(ScriptedVolunteer.Counts(ra.ReplicaId, counts));
        await b.SubmitAsync(ScriptedVolunteer.Counts(rb.ReplicaId, counts));
        return (verifier, project, ra, [a, b]);
    }

    [Fact]
    public async Task TwoLiarsAgreeing_SpotCheckContradicts_TrustedResultDelivered_BothRecordedInvalid()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.SpotCheckFraction = 1);
        var (verifier, project, r1, liars) = await VerifiedAwaitingCheckAsync(grid, Lie);

        // Verified by its quorum, yet not delivered: its spot check has not answered.
        var waiting = await GetAsync(grid, project.Id);
        Assert.Equal(ProjectState.Running, waiting.State);
        Assert.Equal(1, waiting.UnitsVerified);
        var check = (await verifier.RequestAsync())!;
        Assert.Equal(r1.Task.UnitId, check.Task.UnitId);
        await verifier.SubmitAsync(ScriptedVolunteer.Counts(check.ReplicaId, Truth));

        var done = await grid.EndedAsync(project.Id);
        Assert.Equal(ProjectState.Completed, done.State);
        var counts = await ResultCountsAsync(grid, project.Id);
        Assert.Equal(new Dictionary<string, long> { ["00"] = 48, ["11"] = 52 }, counts);
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.ToDictionary(h => h.HostId);
        Assert.All(liars, l => Assert.Equal(1, hosts[l.HostId].Invalid));
        Assert.Equal(0, hosts[verifier.HostId].Invalid);
        Assert.Equal(SpotCheckState.Failed, grid.Unit(r1.Task.UnitId).SpotCheck);
    }

    [Fact]
    public async Task SpotCheck_HeartbeatsKeepItsLease_OnTheVerifiedUnit()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.SpotCheckFraction = 1);
        var (verifier, project, ra, _) = await VerifiedAwaitingCheckAsync(grid, Truth);
        var check = (await verifier.RequestAsync())!;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HeartbeatAction.Continue, (await verifier.HeartbeatAsync(check.ReplicaId)).Action);
        }
        await verifier.SubmitAsync(ScriptedVolunteer.Counts(check.ReplicaId, Truth));
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(project.Id)).State);
        Assert.Equal(SpotCheckState.Passed, grid.Unit(ra.Task.UnitId).SpotCheck);
    }

    [Fact]
    public async Task SpotCheckWithNoTrustedVerifierLeft_Dropped_ProjectDelivered()
    {
        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            o.SpotCheckFraction = 1;
            o.OnlineWindowSeconds = 1;
        });
        var (_, project, ra, _) = await VerifiedAwaitingCheckAsync(grid, Truth);
        Assert.Equal(SpotCheckState.Pending, grid.Unit(ra.Task.UnitId).SpotCheck);
        // The verifier never calls again: once it is no longer online, the check is dropped.
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(project.Id)).State);
        Assert.Equal(SpotCheckState.None, grid.Unit(ra.Task.UnitId).SpotCheck);
    }

    [Fact]
    public async Task HostCaughtByQuorum_ItsAcceptedResultInAnUndeliveredProject_VerifiedAgain()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.SpotCheckFraction = 0);
        var liar = await ScriptedVolunteer.RegisterAsync(grid, "liar");
        var h1 = await ScriptedVolunteer.RegisterAsync(grid, "h1");
        var h2 = await ScriptedVolunteer.RegisterAsync(grid, "h2");
        var h3 = await ScriptedVolunteer.RegisterAsync(grid, "h3");
        var h4 = await ScriptedVolunteer.RegisterAsync(grid, "h4");
        // Project A, two units: the liar helps verify one honestly; the other stays open.
        var a = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 200, ShotsPerUnit = 100, Seed = 5 }, TestCoordinator.ApiKeyHeaders);
        var la = (await liar.RequestAsync())!;
        var ha = await h1.LeaseOfAsync(la.Task.UnitId);
        await liar.SubmitAsync(ScriptedVolunteer.Counts(la.ReplicaId, Truth));
        await h1.SubmitAsync(ScriptedVolunteer.Counts(ha.ReplicaId, Truth));
        Assert.Equal(1, (await GetAsync(grid, a.Id)).UnitsVerified);

        // Project B: the liar lies, loses the vote.
        var b = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 6, Name = "b" }, TestCoordinator.ApiKeyHeaders);
        var unitB = $"{b.Id}.0";
        var lb = await liar.LeaseOfAsync(unitB);
        var hb = await h2.LeaseOfAsync(unitB);
        await liar.SubmitAsync(ScriptedVolunteer.Counts(lb.ReplicaId, Lie));
        await h2.SubmitAsync(ScriptedVolunteer.Counts(hb.ReplicaId, Truth));
        var decider = await h3.LeaseOfAsync(unitB);
        await h3.SubmitAsync(ScriptedVolunteer.Counts(decider.ReplicaId, Truth));
        Assert.Equal(ProjectState.Completed, (await grid.EndedAsync(b.Id)).State);

        // The unit of A the liar helped accept is open again, its vote void, h1's kept.
        var reopened = grid.Unit(la.Task.UnitId);
        Assert.Equal(UnitState.Active, reopened.State);
        Assert.Equal(0, (await GetAsync(grid, a.Id)).UnitsVerified);
        var fresh = await h4.LeaseOfAsync(la.Task.UnitId);
        await h4.SubmitAsync(ScriptedVolunteer.Counts(fresh.ReplicaId, Truth));
        Assert.Equal(UnitState.Verified, grid.Unit(la.Task.UnitId).State);
        Assert.Equal(ReplicaState.Invalid, grid.Replica(la.ReplicaId).State);
        Assert.Equal(ReplicaState.Valid, grid.Replica(ha.ReplicaId).State);
        // h1's one result, judged twice, counts once on its record.
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.ToDictionary(h => h.HostId);
        Assert.Equal(1, hosts[h1.HostId].Valid);
    }

    [Fact]
    public async Task AdaptiveReplication_ReliableHostComputesAlone_OnlyInProjectsThatOptIn()
    {
        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            o.AdaptiveReplicationThreshold = 2;
            o.SpotCheckFraction = 0;
        });
        var good = await ScriptedVolunteer.RegisterAsync(grid, "good");
        var other = await ScriptedVolunteer.RegisterAsync(grid, "other");
        for (var i = 0; i < 2; i++)
        {
            await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 7 }, TestCoordinator.ApiKeyHeaders);
            var g = (await good.RequestAsync())!;
            var o = (await other.RequestAsync())!;
            await good.SubmitAsync(ScriptedVolunteer.Counts(g.ReplicaId, Truth));
            await other.SubmitAsync(ScriptedVolunteer.Counts(o.ReplicaId, Truth));
        }
        var plain = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 8 }, TestCoordinator.ApiKeyHeaders);
        var adaptive = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 9, AdaptiveReplication = true }, TestCoordinator.ApiKeyHeaders);
        var alone = await good.LeaseOfAsync($"{adaptive.Id}.0");
        // The opted-in unit wants no second replica; the other project's unit still does.
        var second = (await other.RequestAsync())!;
        Assert.Equal($"{plain.Id}.0", second.Task.UnitId);
        await good.SubmitAsync(ScriptedVolunteer.Counts(alone.ReplicaId, Truth));
        var done = await grid.EndedAsync(adaptive.Id);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.Equal(1, done.Verification.ReplicasValid);
        Assert.True(grid.Unit(alone.Task.UnitId).SingleReplica);
    }

    private static async Task<Dictionary<string, long>> ResultCountsAsync(TestCoordinator grid, string projectId)
    {
        using var call = grid.Projects.DownloadResult(new DownloadResultRequest { ProjectId = projectId }, TestCoordinator.ApiKeyHeaders);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        using var json = System.Text.Json.JsonDocument.Parse(buffer.ToArray());
        return json.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }
}
