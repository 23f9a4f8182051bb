using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task CoordinatorRestartedMidProject_LeasesResume_ProjectCompletes_NothingLost()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 5 }, TestCoordinator.ApiKeyHeaders);
        var a = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var b = await ScriptedVolunteer.RegisterAsync(grid, "bob");
        var ra = (await a.RequestAsync())!;
        var rb = (await b.RequestAsync())!;
        await a.SubmitAsync(ScriptedVolunteer.Counts(ra.ReplicaId, ("00", 50), ("11", 50)));

        await grid.RestartAsync();

        // The hosts, their secrets, the project, the stored result and the open lease all survived.
        a = await Reconnect(grid, a);
        b = await Reconnect(grid, b);
        Assert.Equal(HeartbeatAction.Continue, (await b.HeartbeatAsync(rb.ReplicaId)).Action);
        await b.SubmitAsync(ScriptedVolunteer.Counts(rb.ReplicaId, ("00", 50), ("11", 50)));
        var info = await grid.EndedAsync(project.Id);
        Assert.Equal(ProjectState.Completed, info.State);
        Assert.Equal(2, info.Verification.ReplicasValid);
    }

    private static Task<ScriptedVolunteer> Reconnect(TestCoordinator grid, ScriptedVolunteer old) =>
        Task.FromResult(ScriptedVolunteer.Reconnect(grid, old));
}
