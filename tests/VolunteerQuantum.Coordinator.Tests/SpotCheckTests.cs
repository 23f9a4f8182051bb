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

    [Fact]
    public async Task TwoLiarsAgreeing_SpotCheckContradicts_TrustedResultDelivered_BothRecordedInvalid()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.SpotCheckFraction = 1);
        var verifier = await ScriptedVolunteer.RegisterAsync(grid, "operator");
        await grid.Admin.SetHostTrustedAsync(new SetHostTrustedRequest { HostId = verifier.HostId, Trusted = true }, TestCoordinator.ApiKeyHeaders);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 4 }, TestCoordinator.ApiKeyHeaders);
        var l1 = await ScriptedVolunteer.RegisterAsync(grid, "liar1");
        var l2 = await ScriptedVolunteer.RegisterAsync(grid, "liar2");
        var r1 = (await l1.RequestAsync())!;
        var r2 = (await l2.RequestAsync())!;
        await l1.SubmitAsync(ScriptedVolunteer.Counts(r1.ReplicaId, Lie));
        await l2.SubmitAsync(ScriptedVolunteer.Counts(r2.ReplicaId, Lie));

        // Verified by its quorum, yet not delivered: its spot check has not answered.
        var waiting = await GetAsync(grid, project.Id);
        Assert.Equal(ProjectState.Running, waiting.State);
        Assert.Equal(1, waiting.UnitsVerified);
        var check = (await verifier.RequestAsync())!;
        Assert.Equal(r1.Task.UnitId, check.Task.UnitId);
        await verifier.SubmitAsync(ScriptedVolunteer.Counts(check.ReplicaId, Truth));

        var done = await GetAsync(grid, project.Id);
        Assert.Equal(ProjectState.Completed, done.State);
        var counts = await ResultCountsAsync(grid, project.Id);
        Assert.Equal(new Dictionary<string, long> { ["00"] = 48, ["11"] = 52 }, counts);
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.ToDictionary(h => h.HostId);
        Assert.Equal(1, hosts[l1.HostId].Invalid);
        Assert.Equal(1, hosts[l2.HostId].Invalid);
        Assert.Equal(0, hosts[verifier.HostId].Invalid);
        Assert.Equal(SpotCheckState.Failed, Unit(grid, r1.Task.UnitId).SpotCheck);
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
        var ha = await LeaseOfAsync(h1, la.Task.UnitId);
        await liar.SubmitAsync(ScriptedVolunteer.Counts(la.ReplicaId, Truth));
        await h1.SubmitAsync(ScriptedVolunteer.Counts(ha.ReplicaId, Truth));
        Assert.Equal(1, (await GetAsync(grid, a.Id)).UnitsVerified);

        // Project B: the liar lies, loses the vote.
        var b = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 6, Name = "b" }, TestCoordinator.ApiKeyHeaders);
        var unitB = $"{b.Id}.0";
        var lb = await LeaseOfAsync(liar, unitB);
        var hb = await LeaseOfAsync(h2, unitB);
        await liar.SubmitAsync(ScriptedVolunteer.Counts(lb.ReplicaId, Lie));
        await h2.SubmitAsync(ScriptedVolunteer.Counts(hb.ReplicaId, Truth));
        var decider = await LeaseOfAsync(h3, unitB);
        await h3.SubmitAsync(ScriptedVolunteer.Counts(decider.ReplicaId, Truth));
        Assert.Equal(ProjectState.Completed, (await GetAsync(grid, b.Id)).State);

        // The unit of A the liar helped accept is open again, its vote void, h1's kept.
        var reopened = Unit(grid, la.Task.UnitId);
        Assert.Equal(UnitState.Active, reopened.State);
        Assert.Equal(0, (await GetAsync(grid, a.Id)).UnitsVerified);
        var fresh = await LeaseOfAsync(h4, la.Task.UnitId);
        await h4.SubmitAsync(ScriptedVolunteer.Counts(fresh.ReplicaId, Truth));
        Assert.Equal(UnitState.Verified, Unit(grid, la.Task.UnitId).State);
        Assert.Equal(ReplicaState.Invalid, Replica(grid, la.ReplicaId).State);
        Assert.Equal(ReplicaState.Valid, Replica(grid, ha.ReplicaId).State);
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
        var alone = await LeaseOfAsync(good, $"{adaptive.Id}.0");
        // The opted-in unit wants no second replica; the other project's unit still does.
        var second = (await other.RequestAsync())!;
        Assert.Equal($"{plain.Id}.0", second.Task.UnitId);
        await good.SubmitAsync(ScriptedVolunteer.Counts(alone.ReplicaId, Truth));
        var done = await GetAsync(grid, adaptive.Id);
        Assert.Equal(ProjectState.Completed, done.State);
        Assert.Equal(1, done.Verification.ReplicasValid);
        Assert.True(Unit(grid, alone.Task.UnitId).SingleReplica);
    }

    /// <summary>Leases replicas until one of the given unit comes, giving the others back.</summary>
    private static async Task<Assignment> LeaseOfAsync(ScriptedVolunteer host, string unitId)
    {
        for (var i = 0; i < 50; i++)
        {
            var lease = await host.RequestAsync() ?? throw new InvalidOperationException($"no work offered (waiting for {unitId})");
            if (lease.Task.UnitId == unitId)
            {
                return lease;
            }
            await host.Client.ReleaseLeaseAsync(new ReleaseLeaseRequest { ReplicaId = lease.ReplicaId, Reason = "test" }, host.Headers);
        }
        throw new InvalidOperationException($"unit {unitId} was never offered");
    }

    private static UnitRecord Unit(TestCoordinator grid, string unitId)
    {
        var store = grid.Server.Services.GetRequiredService<GridStore>();
        lock (store.Gate)
        {
            return store.Units.FindById(unitId);
        }
    }

    private static ReplicaRecord Replica(TestCoordinator grid, string replicaId)
    {
        var store = grid.Server.Services.GetRequiredService<GridStore>();
        lock (store.Gate)
        {
            return store.Replicas.FindById(replicaId);
        }
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
