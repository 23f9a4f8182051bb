using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

public sealed class ProjectSubmissionTests
{
    [Fact]
    public async Task Submit_InvalidQasm_InvalidArgumentNamingLineAndColumn_CreatesNothing()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var bad = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nfoo q[0];\n";
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = bad, FileName = "bad.qasm", Shots = 10 }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("bad.qasm:4:1", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("undefined gate 'foo'", e.Status.Detail, StringComparison.Ordinal);
        var list = await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders);
        Assert.Empty(list.Projects);
    }

    [Fact]
    public async Task Submit_WithoutOrWithWrongApiKey_Unauthenticated()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var request = new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 10 };
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(request));
        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Contains("vq-api-key", missing.Status.Detail, StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(request, new Metadata { { "vq-api-key", "nope" } }));
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        var list = await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders);
        Assert.Empty(list.Projects);
    }

    [Theory]
    [InlineData(-1, 2, 5, "shots")]
    [InlineData(10, 6, 5, "min quorum")]
    [InlineData(10, 2, 50, "max replicas")]
    public async Task Submit_BadOptions_InvalidArgumentNamingTheOption(long shots, int quorum, int maxReplicas, string expected)
    {
        await using var grid = await TestCoordinator.StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(
            new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = shots, MinQuorum = quorum, MaxReplicas = maxReplicas },
            TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(expected, e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AmplitudeOfWrongLength_InvalidArgument()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var request = new SubmitProjectRequest { Qasm = TestCircuits.Plus };
        request.Amplitudes.Add("01");
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.SubmitAsync(request, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("amplitude '01'", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_OversizeMessage_ResourceExhausted()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.MaxMessageBytes = 64 * 1024);
        var huge = TestCircuits.Bell + string.Concat(Enumerable.Repeat("// padding padding padding padding\n", 4000));
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = huge, Shots = 10 }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        var list = await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders);
        Assert.Empty(list.Projects);
    }

    [Fact]
    public async Task Submit_ValidProject_PlannedAndListed()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var info = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Name = "bell", Qasm = TestCircuits.Bell, Shots = 1000, Seed = 7 }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(ProjectState.Running, info.State);
        Assert.Equal(2, info.NumQubits);
        Assert.Equal(1, info.UnitsTotal);
        Assert.Equal(2, info.MinQuorum);
        Assert.Equal(Strategy.Whole, info.Plan.Strategy);
        var list = await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders);
        Assert.Equal(info.Id, Assert.Single(list.Projects).Id);
    }

    [Fact]
    public async Task GetProject_UnknownId_NotFound()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = "nope" }, TestCoordinator.ApiKeyHeaders));
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }
}
