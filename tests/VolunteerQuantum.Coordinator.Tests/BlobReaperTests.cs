using System.Numerics;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Pipeline;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Io;
using WireState = VolunteerQuantum.Protos.V1.ProjectState;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>The blob reaper through a real coordinator: disk use returns to the results, and nothing in use is lost.</summary>
public sealed class BlobReaperTests
{
    private static readonly TimeSpan Deadline = Eventually.Deadline;

    /// <summary>Sweeps all the time with no grace: whatever the reaper could take too early, it would.</summary>
    private static void ReapingHard(CoordinatorOptions o)
    {
        o.HeartbeatIntervalSeconds = 30;   // these volunteers compute without heartbeating
        o.BlobReaperGraceSeconds = 0;
        o.BlobReaperIntervalSeconds = 0.05;
    }

    private static HashSet<string> BlobsOnDisk(TestCoordinator grid) =>
        [.. grid.Server.Services.GetRequiredService<IBlobStore>().EnumerateNames()];

    /// <summary>Every project's result document and state, as the store names them.</summary>
    private static HashSet<string> ResultBlobs(TestCoordinator grid)
    {
        var store = grid.Server.Services.GetRequiredService<GridStore>();
        lock (store.Gate)
        {
            return [.. store.Projects.FindAll().SelectMany(p => new[] { p.ResultBlob, p.StateBlob }).OfType<string>()];
        }
    }

    private static int CurrentStage(TestCoordinator grid, string projectId)
    {
        var store = grid.Server.Services.GetRequiredService<GridStore>();
        lock (store.Gate)
        {
            return store.Projects.FindById(projectId)!.CurrentStage;
        }
    }

    private static async Task<List<ExecutingVolunteer>> VolunteersAsync(TestCoordinator grid, int count)
    {
        var list = new List<ExecutingVolunteer>();
        for (var i = 0; i < count; i++)
        {
            list.Add(new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, $"owner{i}")));
        }
        return list;
    }

    /// <summary>Lets the volunteers work until no project is running; <paramref name="eachRound"/> may step in.</summary>
    private static async Task DriveAsync(TestCoordinator grid, IReadOnlyList<string> projectIds, List<ExecutingVolunteer> volunteers, UnitTamper? liar = null, Func<Task>? eachRound = null)
    {
        var until = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < until)
        {
            var running = 0;
            foreach (var id in projectIds)
            {
                var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = id }, TestCoordinator.ApiKeyHeaders);
                running += info.State == WireState.Running ? 1 : 0;
            }
            if (running == 0)
            {
                return;
            }
            if (eachRound is not null)
            {
                await eachRound();
            }
            var worked = false;
            for (var v = 0; v < volunteers.Count; v++)
            {
                worked |= await volunteers[v].WorkOnceAsync(v == 0 ? liar : null);
            }
            if (!worked)
            {
                await Task.Delay(20);   // the stage advancer is reshuffling
            }
        }
        throw new TimeoutException("the projects did not finish");
    }

    private static async Task<byte[]> DownloadAsync(TestCoordinator grid, string id, ResultFormat format)
    {
        using var call = grid.Projects.DownloadResult(new DownloadResultRequest { ProjectId = id, Format = format }, TestCoordinator.ApiKeyHeaders);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return buffer.ToArray();
    }

    /// <summary>|⟨engine|grid⟩|² of the state the grid returns for a project.</summary>
    private static async Task<double> FidelityAsync(TestCoordinator grid, string projectId, string qasm)
    {
        using var engine = new Simulator().Run(QasmParser.Parse(qasm), new SimulationRequest { KeepFinalState = true });
        using var fromGrid = NpyReader.Read(new MemoryStream(await DownloadAsync(grid, projectId, ResultFormat.Npy)));
        var overlap = Complex.Zero;
        for (long i = 0; i < fromGrid.Length; i++)
        {
            overlap += Complex.Conjugate(engine.FinalState!.GetAmplitude(i)) * fromGrid.GetAmplitude(i);
        }
        return overlap.Magnitude * overlap.Magnitude;
    }

    private static SubmitProjectRequest Sharded(string qasm, bool returnState) => new()
    {
        Qasm = qasm,
        Strategy = Strategy.Shards,
        MaxUnitMemoryBytes = 16 << 4,   // 2^4 amplitudes per shard of 8 qubits: 16 shards
        ReturnState = returnState,
        Shots = 100,
        Seed = 3,
    };

    /// <summary>A blob file nothing names, written before the coordinator looks, an hour old.</summary>
    private static string PlantOrphan(string dataDirectory, byte fill, DateTime writtenUtc)
    {
        var bytes = Enumerable.Repeat(fill, 100).ToArray();
        var name = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var path = Path.Combine(dataDirectory, "blobs", name[..2], name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, writtenUtc);
        return path;
    }

    [Fact]
    public async Task ProjectsEnded_CompletedCancelledAndLiedTo_DiskHoldsExactlyTheResults_StillDownloadable()
    {
        await using var grid = await TestCoordinator.StartAsync(ReapingHard);
        var wholeQasm = TestCircuits.Bell;
        var shardQasm = HeavyCircuit.Qasm(8, 3, seed: 2);
        var whole = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = wholeQasm, ReturnState = true, Shots = 50, Seed = 5 }, TestCoordinator.ApiKeyHeaders);
        var sharded = await grid.Projects.SubmitAsync(Sharded(shardQasm, returnState: true), TestCoordinator.ApiKeyHeaders);
        Assert.True(sharded.Plan.Stages > 1);
        var cancelled = await grid.Projects.SubmitAsync(Sharded(HeavyCircuit.Qasm(8, 3, seed: 4), returnState: true), TestCoordinator.ApiKeyHeaders);
        var ids = new[] { whole.Id, sharded.Id, cancelled.Id };
        // The first volunteer lies on every unit (a wrong norm): its uploads are rejected, and reaped.
        var liar = new UnitTamper
        {
            State = s =>
            {
                for (long i = 0; i < s.Length; i++)
                {
                    s.SetAmplitude(i, s.GetAmplitude(i) * 1.01);
                }
            },
        };
        var cancelledMidway = false;
        await DriveAsync(grid, ids, await VolunteersAsync(grid, 4), liar, async () =>
        {
            // Cancelled once a reshuffle has written shards and its second stage has begun.
            if (!cancelledMidway && CurrentStage(grid, cancelled.Id) >= 1)
            {
                await grid.Projects.CancelProjectAsync(new ProjectRequest { ProjectId = cancelled.Id }, TestCoordinator.ApiKeyHeaders);
                cancelledMidway = true;
            }
        });
        Assert.True(cancelledMidway);
        var infos = new List<ProjectInfo>();
        foreach (var id in ids)
        {
            infos.Add(await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = id }, TestCoordinator.ApiKeyHeaders));
        }
        Assert.Equal([WireState.Completed, WireState.Completed, WireState.Cancelled], infos.Select(i => i.State));
        Assert.True(infos[0].Verification.ReplicasInvalid + infos[1].Verification.ReplicasInvalid >= 1);

        var results = ResultBlobs(grid);
        Assert.Equal(4, results.Count);   // two result documents, two states
        await Eventually.TrueAsync(() => BlobsOnDisk(grid).SetEquals(results), "the blobs on disk to be exactly the results");
        var pipeline = (await grid.Status.GetGridStatusAsync(new GridStatusRequest())).Pipeline;
        Assert.True(pipeline.BlobsDeleted > 0 && pipeline.BlobBytesDeleted > 0, $"status shows {pipeline.BlobsDeleted} blob(s) deleted");

        // Independently of the store: the documents the API serves are exactly the blobs kept.
        foreach (var id in new[] { whole.Id, sharded.Id })
        {
            Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(await DownloadAsync(grid, id, ResultFormat.Json))), results);
        }
        Assert.True(await FidelityAsync(grid, whole.Id, wholeQasm) >= 1 - 1e-10);
        Assert.True(await FidelityAsync(grid, sharded.Id, shardQasm) >= 1 - 1e-10);
        Assert.Contains(grid.LoggedEntries, e => e.Level == LogLevel.Information && e.Text.StartsWith("Blob reaper deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShardedProjectRunning_SweptContinuallyWithNoGrace_CompletesWithTheRightState()
    {
        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            ReapingHard(o);
            o.BlobReaperIntervalSeconds = 0.01;
        });
        const int qubits = 10;
        var qasm = HeavyCircuit.Qasm(qubits, 6, seed: 1);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest
        {
            Qasm = qasm,
            Strategy = Strategy.Shards,
            MaxUnitMemoryBytes = 16 << (qubits - 4),   // 16 shards
            ReturnState = true,
            Seed = 5,
        }, TestCoordinator.ApiKeyHeaders);
        Assert.True(project.Plan.Stages > 1);
        await DriveAsync(grid, [project.Id], await VolunteersAsync(grid, 3));
        var done = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(WireState.Completed, done.State);
        Assert.True(await FidelityAsync(grid, project.Id, qasm) >= 1 - 1e-10);
    }

    [Fact]
    public async Task Start_OrphanOlderThanTheGrace_Deleted_YoungOneKept()
    {
        var directory = Directory.CreateTempSubdirectory("vq-coord-").FullName;
        try
        {
            var old = PlantOrphan(directory, 1, DateTime.UtcNow.AddHours(-1));
            var young = PlantOrphan(directory, 2, DateTime.UtcNow);
            // Default grace (ten minutes); the periodic sweeps are an hour away: only start-up's runs.
            await using var grid = await TestCoordinator.StartAsync(o => o.BlobReaperIntervalSeconds = 3600, directory);
            await Eventually.TrueAsync(() => !File.Exists(old), "the old orphan to be deleted");
            Assert.True(File.Exists(young));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sweep_ShardSetUnreadable_DeletesNothing_NextSweepCatchesUp()
    {
        await using var grid = await TestCoordinator.StartAsync(o =>
        {
            o.BlobReaperGraceSeconds = 0;
            o.BlobReaperIntervalSeconds = 3600;
        });
        var project = await grid.Projects.SubmitAsync(Sharded(HeavyCircuit.Qasm(8, 3, seed: 2), returnState: false), TestCoordinator.ApiKeyHeaders);
        var blobs = (DirectoryBlobStore)grid.Server.Services.GetRequiredService<IBlobStore>();
        var reaper = grid.Server.Services.GetRequiredService<BlobReaper>();
        var store = grid.Server.Services.GetRequiredService<GridStore>();
        string shardSet;
        lock (store.Gate)
        {
            shardSet = store.Projects.FindById(project.Id)!.ShardsBlob!;
        }
        var document = await File.ReadAllBytesAsync(blobs.PathOf(shardSet));
        File.Delete(blobs.PathOf(shardSet));
        var orphan = PlantOrphan(grid.DataDirectory, 3, DateTime.UtcNow.AddHours(-1));
        var inUse = BlobsOnDisk(grid);

        // Without the shard set the live set is unknown: deleting anything could lose data.
        Assert.Equal((0, 0L), reaper.Sweep());
        Assert.True(File.Exists(orphan));
        Assert.Contains(grid.LoggedEntries, e => e.Level == LogLevel.Warning && e.Text.Contains("skipped a sweep", StringComparison.Ordinal));

        Assert.Equal(shardSet, blobs.Put(document));
        var (count, bytes) = reaper.Sweep();
        Assert.Equal((1, 100L), (count, bytes));
        Assert.False(File.Exists(orphan));
        Assert.Superset(inUse.Where(n => n != Path.GetFileName(orphan)).ToHashSet(), BlobsOnDisk(grid));
        // The project still runs: its circuit, plan, programs and shard set are all there.
        Assert.Equal(WireState.Running, (await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders)).State);
    }
}
