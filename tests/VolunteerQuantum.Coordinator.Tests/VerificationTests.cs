using System.Text.Json;
using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

public sealed class VerificationTests
{
    private static readonly (string, long)[] Honest = [("00", 48), ("11", 52)];
    private static readonly (string, long)[] Altered = [("00", 47), ("11", 53)];

    private static async Task<ProjectInfo> SubmitAsync(TestCoordinator grid) =>
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 11 }, TestCoordinator.ApiKeyHeaders);

    private static async Task<ProjectInfo> GetAsync(TestCoordinator grid, string id) =>
        await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = id }, TestCoordinator.ApiKeyHeaders);

    private static async Task<JsonDocument> ResultAsync(TestCoordinator grid, string id)
    {
        using var call = grid.Projects.DownloadResult(new DownloadResultRequest { ProjectId = id }, TestCoordinator.ApiKeyHeaders);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return JsonDocument.Parse(buffer.ToArray());
    }

    [Fact]
    public async Task TwoAgreeingReplicas_UnitVerified_ProjectCompletes_ResultHasCounts()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await SubmitAsync(grid);
        var a = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var b = await ScriptedVolunteer.RegisterAsync(grid, "bob");
        var ra = (await a.RequestAsync())!;
        var rb = (await b.RequestAsync())!;
        await a.SubmitAsync(ScriptedVolunteer.Counts(ra.ReplicaId, Honest));
        Assert.Equal(ProjectState.Running, (await GetAsync(grid, project.Id)).State);
        await b.SubmitAsync(ScriptedVolunteer.Counts(rb.ReplicaId, Honest));

        var info = await grid.EndedAsync(project.Id);
        Assert.Equal(ProjectState.Completed, info.State);
        Assert.Equal(1, info.UnitsVerified);
        Assert.Equal(2, info.Verification.ReplicasValid);
        Assert.Equal(2, info.Verification.HostsContributing);
        using var result = await ResultAsync(grid, project.Id);
        var counts = result.RootElement.GetProperty("counts");
        Assert.Equal(48, counts.GetProperty("00").GetInt64());
        Assert.Equal(52, counts.GetProperty("11").GetInt64());
        Assert.Equal(2, result.RootElement.GetProperty("verification").GetProperty("hosts_per_unit")[0].GetInt32());
    }

    [Fact]
    public async Task Disagreement_ThirdReplicaDecides_LiarOutvotedAndRecorded()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await SubmitAsync(grid);
        var honest1 = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var liar = await ScriptedVolunteer.RegisterAsync(grid, "mallory");
        var honest2 = await ScriptedVolunteer.RegisterAsync(grid, "carol");
        var r1 = (await honest1.RequestAsync())!;
        var rl = (await liar.RequestAsync())!;
        Assert.Null(await honest2.RequestAsync());   // quorum is 2: no third replica yet
        await liar.SubmitAsync(ScriptedVolunteer.Counts(rl.ReplicaId, Altered));
        await honest1.SubmitAsync(ScriptedVolunteer.Counts(r1.ReplicaId, Honest));
        Assert.Equal(ProjectState.Running, (await GetAsync(grid, project.Id)).State);

        var r2 = await honest2.RequestAsync();   // the dispute asks for one more replica
        Assert.NotNull(r2);
        await honest2.SubmitAsync(ScriptedVolunteer.Counts(r2.ReplicaId, Honest));

        var info = await grid.EndedAsync(project.Id);
        Assert.Equal(ProjectState.Completed, info.State);
        Assert.Equal(1, info.Verification.UnitsDisputed);
        Assert.Equal(2, info.Verification.ReplicasValid);
        Assert.Equal(1, info.Verification.ReplicasInvalid);
        using var result = await ResultAsync(grid, project.Id);
        Assert.Equal(48, result.RootElement.GetProperty("counts").GetProperty("00").GetInt64());
        var status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.Equal(1, status.Verification.RejectedResults);
        Assert.True(status.Verification.Disagreements >= 1);
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts.ToDictionary(h => h.HostId);
        Assert.Equal((0, 1), (hosts[liar.HostId].Valid, hosts[liar.HostId].Invalid));
        Assert.Equal((1, 0), (hosts[honest1.HostId].Valid, hosts[honest1.HostId].Invalid));
        Assert.Equal((1, 0), (hosts[honest2.HostId].Valid, hosts[honest2.HostId].Invalid));
    }

    [Fact]
    public async Task NoMajorityUpToMaxReplicas_ProjectFailsWithReason()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, MinQuorum = 2, MaxReplicas = 3 }, TestCoordinator.ApiKeyHeaders);
        var hosts = new List<ScriptedVolunteer>();
        for (var i = 0; i < 3; i++)
        {
            hosts.Add(await ScriptedVolunteer.RegisterAsync(grid, $"owner{i}"));
        }
        for (var i = 0; i < 3; i++)
        {
            var lease = await hosts[i].RequestAsync();
            Assert.NotNull(lease);
            await hosts[i].SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 100 - i), ("11", i)));
        }
        var info = await GetAsync(grid, project.Id);
        Assert.Equal(ProjectState.Failed, info.State);
        Assert.Contains("no strict majority among 3 results", info.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultBreakingAnInvariant_RejectedAtOnce_EvenBeforeComparison()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await SubmitAsync(grid);
        var sloppy = await ScriptedVolunteer.RegisterAsync(grid, "sloppy");
        var lease = (await sloppy.RequestAsync())!;
        await sloppy.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 10)));   // 10 of 100 shots
        var info = await GetAsync(grid, project.Id);
        Assert.Equal(1, info.Verification.ReplicasInvalid);
        Assert.Equal(ProjectState.Running, info.State);
        // The slot is offered again, to someone else.
        var other = await ScriptedVolunteer.RegisterAsync(grid, "other");
        Assert.NotNull(await other.RequestAsync());
    }

    [Fact]
    public async Task MalformedResultStreams_RefusedWithInvalidArgument_ReplicaStillLeased()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await SubmitAsync(grid);
        var worker = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        var lease = (await worker.RequestAsync())!;

        // No header first.
        using (var call = worker.Client.SubmitResult(worker.Headers))
        {
            await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer() });
            await call.RequestStream.CompleteAsync();
            var e = await Assert.ThrowsAsync<RpcException>(async () => await call);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        }
        // State data although this replica must not upload a state.
        var withData = ScriptedVolunteer.Counts(lease.ReplicaId, Honest);
        withData.StateLength = 64;
        withData.StateFormat = "c16";
        var noUpload = await Assert.ThrowsAsync<RpcException>(async () => await worker.SubmitAsync(withData, new byte[64]));
        Assert.Equal(StatusCode.InvalidArgument, noUpload.StatusCode);
        // Unknown outcome.
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await worker.SubmitAsync(new ResultHeader { ReplicaId = lease.ReplicaId }));
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);

        var info = await GetAsync(grid, project.Id);
        Assert.Equal(1, info.ReplicasRunning);
        Assert.Equal(0, info.Verification.ReplicasInvalid);
        // After the refusals the holder can still submit a proper result, which waits for its quorum.
        await worker.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, Honest));
        var after = await GetAsync(grid, project.Id);
        Assert.Equal(0, after.ReplicasRunning);
        Assert.Equal(ProjectState.Running, after.State);
    }

    [Fact]
    public async Task ReportedError_CountsAgainstHost_UnitOfferedAgain()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await SubmitAsync(grid);
        var broken = await ScriptedVolunteer.RegisterAsync(grid, "broken");
        var lease = (await broken.RequestAsync())!;
        await broken.SubmitAsync(new ResultHeader { ReplicaId = lease.ReplicaId, Outcome = ResultOutcome.Error, ErrorMessage = "out of memory" });
        var info = await GetAsync(grid, project.Id);
        Assert.Equal(1, info.Verification.ReplicasErrored);
        var status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.Equal(1, status.Verification.Errors);
        // Offered again, but to another host: one host erroring over and over cannot fail the unit.
        Assert.Null(await broken.RequestAsync());
        Assert.Equal(lease.Task.UnitId, (await (await ScriptedVolunteer.RegisterAsync(grid, "other")).RequestAsync())!.Task.UnitId);
    }
}
