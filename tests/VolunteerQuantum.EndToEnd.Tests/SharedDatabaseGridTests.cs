using System.Globalization;
using System.Text.Json;
using VolunteerQuantum.EndToEnd.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.EndToEnd.Tests;

/// <summary>
/// Two `vq coordinator` processes on one PostgreSQL database (a throwaway cluster of the test's
/// own) with four volunteer processes split between them: the projects give exactly what one
/// coordinator gives (`vq run` with the same seed), also when the coordinator running the pipeline
/// services is killed with SIGKILL mid-project.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SharedDatabaseGridTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [PostgresFact(NeedsSharedCircuits = true)]
    public async Task TwoCoordinators_OneKilledMidProject_VolunteersFailOver_ServicesTakenOver_ResultsExact()
    {
        var root = Directory.CreateTempSubdirectory("vq-e2e-shared-").FullName;
        try
        {
            // The circuits and what a single coordinator makes of them, first (the grid's processes then have the CPUs).
            var dynamic = SharedFiles.Qasm("openqasm/inverseqft1.qasm");
            var shards = TestFiles.Heavy(root, qubits: 18, layers: 8, seed: 12);
            string[] dynamicOptions = ["--shots", "60000", "--shots-per-unit", "500", "--seed", "7"];
            string[] shardOptions = ["--shots", "2000", "--seed", "8", "--strategy", "shards", "--max-unit-memory", (16L << 14).ToString(CultureInfo.InvariantCulture)];
            var expectedDynamic = await SingleCoordinatorAsync(root, dynamic, dynamicOptions, withState: false);
            var expectedShards = await SingleCoordinatorAsync(root, shards, shardOptions, withState: true);

            await using var grid = await ProcessGrid.StartSharedAsync(PostgresCluster.Shared.NewDatabase(), coordinators: 2, heartbeatSeconds: 1);
            for (var i = 0; i < 4; i++)
            {
                grid.StartVolunteerOn(i % 2, $"owner{i}");
            }
            // The shards project first: units are served oldest project first, so the dynamic
            // project's small units fill the gaps between stages and neither is done early.
            grid.UseCoordinator(1);
            var sharded = await grid.SubmitAsync(new SubmitProjectRequest
            {
                Qasm = await File.ReadAllTextAsync(shards),
                FileName = "heavy.qasm",
                Shots = 2000,
                Seed = 8,
                Strategy = Strategy.Shards,
                MaxUnitMemoryBytes = 16L << 14,
                ReturnState = true,
            });
            grid.UseCoordinator(0);
            var branching = await grid.SubmitAsync(new SubmitProjectRequest { Qasm = await File.ReadAllTextAsync(dynamic), FileName = "iqft.qasm", Shots = 60000, ShotsPerUnit = 500, Seed = 7 });
            Assert.Equal(120, branching.UnitsTotal);
            Assert.True(sharded.Plan.Stages >= 2);

            // Mid-project: the first verified units are in, neither project is done. The first
            // coordinator started first and runs the pipeline services: it is killed as soon as
            // that is seen (the small dynamic units can otherwise all be done within seconds).
            var (before, shardsBefore) = await Eventually.ValueAsync(
                async () => (await Info(grid, branching.Id), await Info(grid, sharded.Id)),
                p => p.Item1.UnitsVerified >= 1 || p.Item1.State != ProjectState.Running,
                "the first units verified", Timeout);
            // Its log reaches us through a pipe, a moment after the line is written: wait for it rather than race it.
            await Eventually.TrueAsync(() => grid.CoordinatorLogOf(0).Contains("now runs the validator", StringComparison.Ordinal), "the first coordinator's log saying it runs the validator", TimeSpan.FromSeconds(10));
            grid.KillCoordinator(0);
            Assert.Equal(ProjectState.Running, before.State);
            Assert.Equal(ProjectState.Running, shardsBefore.State);

            var doneDynamic = await grid.WaitForEndAsync(branching.Id, Timeout);
            var doneShards = await grid.WaitForEndAsync(sharded.Id, Timeout);
            Assert.Equal(ProjectState.Completed, doneDynamic.State);
            Assert.Equal(ProjectState.Completed, doneShards.State);
            var survivor = grid.CoordinatorLogOf(1);
            foreach (var service in new[] { "validator", "assimilator", "stage advancer", "lease sweeper", "blob reaper" })
            {
                Assert.Contains($"now runs the {service}", survivor, StringComparison.Ordinal);
            }

            using (var result = JsonDocument.Parse(await grid.DownloadAsync(branching.Id, ResultFormat.Json)))
            {
                Assert.Equal(Counts(expectedDynamic.Json.RootElement), Counts(result.RootElement));
            }
            using (var result = JsonDocument.Parse(await grid.DownloadAsync(sharded.Id, ResultFormat.Json)))
            {
                Assert.Equal(Counts(expectedShards.Json.RootElement), Counts(result.RootElement));
            }
            Assert.Equal(await File.ReadAllBytesAsync(expectedShards.State), await grid.DownloadAsync(sharded.Id, ResultFormat.Npy));
            // The volunteers of the killed coordinator went on with the other: all four were credited.
            var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), grid.Headers)).Hosts;
            Assert.Equal(4, hosts.Count(h => h.Valid > 0));
            Assert.All(hosts, h => Assert.Equal(0, h.Invalid));
            expectedDynamic.Json.Dispose();
            expectedShards.Json.Dispose();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<ProjectInfo> Info(ProcessGrid grid, string projectId) =>
        await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = projectId }, grid.Headers);

    /// <summary>`vq run` (one embedded coordinator on LiteDB) on the same circuit and options: the result and its state.</summary>
    private static async Task<(JsonDocument Json, string State)> SingleCoordinatorAsync(string root, string file, string[] options, bool withState)
    {
        var state = Path.Combine(root, $"single-{Guid.NewGuid():N}.npy");
        string[] stateOut = withState ? ["--state-out", state] : [];
        var (code, stdout, stderr) = await VqProcess.RunAsync(Timeout, ["run", file, .. options, "--volunteers", "2", "--threads", "1", "--json", .. stateOut]);
        Assert.True(code == 0, stderr);
        return (JsonDocument.Parse(stdout), state);
    }

    private static Dictionary<string, long> Counts(JsonElement root) =>
        root.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
