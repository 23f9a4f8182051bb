using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Pipeline;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Planning;
using VolunteerQuantum.Grid.Shards;

namespace VolunteerQuantum.Coordinator.Stages;

/// <summary>
/// Moves sharded projects from stage to stage. When a stage's units are all verified, it gathers
/// their canonical shards, reshuffles them through the blob store (streaming, outside the store's
/// lock), and creates the next stage's units for the shards that are not all zero; after the last
/// stage it reads the outputs from the final shards and completes the project. A project's stage
/// only changes in one transaction at the end, so a coordinator killed mid-reshuffle simply
/// reshuffles again when it restarts. A project it fails on is retried, and failed after a few
/// tries (<see cref="PipelineRunner"/>); the other projects go on.
/// </summary>
public sealed partial class StageAdvancer(
    GridStore store,
    IBlobStore blobs,
    ProjectFinisher finisher,
    PipelineRunner runner,
    PipelineSignals signals,
    GridEvents events,
    IOptions<CoordinatorOptions> options,
    ILogger<StageAdvancer> logger) : ProjectPipelineService(store, runner, signals.Stages, logger)
{
    protected override string Service => PipelineRunner.StageAdvancer;

    protected override IEnumerable<ProjectRecord> Waiting(Storage.Sets.ProjectRecords projects) => projects.AwaitingAdvance();

    protected override void Process(string projectId, CancellationToken stoppingToken) => Advance(projectId, stoppingToken);

    /// <summary>Finishes the current stage of one project: reshuffle and next units, or the outputs.</summary>
    public void Advance(string projectId, CancellationToken cancellationToken)
    {
        // The new shards are named only when the next stage starts, which on a large state can be
        // longer than the reaper's grace period after the first of them was written.
        using var hold = blobs.Hold();
        ProjectRecord? project;
        IReadOnlyList<ShardBlob> shards;
        lock (Store.Gate)
        {
            project = Store.Projects.FindById(projectId);
            if (project is null || project.State != ProjectState.Running || !project.AdvancePending)
            {
                return;
            }
            shards = StageOutputs(project);
        }
        var plan = ShardPlanDocument.Load(blobs, project.ShardPlanBlob ?? throw new InvalidDataException("the project has no shard plan"));
        var stage = project.CurrentStage;
        var moved = 0L;
        var adapter = new BlobStoreShards(blobs);
        var reshuffler = new ShardReshuffler(adapter, options.Value.ShardBufferBytes);
        while (true)
        {
            var reshuffle = plan.Stages[stage].Reshuffle;
            if (reshuffle is null)
            {
                ShardResults.Complete(Store, blobs, finisher, project, plan, shards, options.Value.ShardBufferBytes, moved);
                LogCompleted(project.Id, plan.Stages.Count);
                return;
            }
            shards = reshuffler.Run(new Reshuffle(reshuffle), shards, plan.LocalQubits, project.SinglePrecision, cancellationToken);
            moved = adapter.BytesWritten;
            stage++;
            if (plan.Stages[stage].Gates > 0)
            {
                break;
            }
            // A stage without gates (the planner's last reordering) passes its shards straight on.
        }
        StartStage(project.Id, project.CurrentStage, stage, plan, shards, moved);
    }

    /// <summary>The shards after the current stage: its units' canonical uploads over the stage's input.</summary>
    private List<ShardBlob> StageOutputs(ProjectRecord project)
    {
        var shards = ShardSetDocument.Load(blobs, project.ShardsBlob ?? throw new InvalidDataException("the project has no shard set")).ToShards().ToList();
        var units = Store.Units.OfStage(project.Id, project.CurrentStage).Where(u => u.State == UnitState.Verified).ToList();
        foreach (var unit in units)
        {
            var canonical = (unit.CanonicalReplicaId is { } id ? Store.Replicas.FindById(id) : null)?.Result
                ?? throw new InvalidDataException($"unit {unit.Index} is verified but its canonical result is missing");
            shards[(int)unit.ShardIndex] = new ShardBlob(unit.ShardIndex, canonical.StateBlob, canonical.NormSquared);
        }
        return shards;
    }

    private void StartStage(string projectId, int fromStage, int stage, ShardPlanDocument plan, IReadOnlyList<ShardBlob> shards, long moved)
    {
        var shardSet = ShardSetDocument.From(shards).Save(blobs);
        var started = Store.Transaction(() =>
        {
            var project = Store.Projects.FindById(projectId);
            if (project is null || project.State != ProjectState.Running || !project.AdvancePending || project.CurrentStage != fromStage)
            {
                return 0;   // cancelled meanwhile, or already advanced
            }
            var program = plan.Stages[stage];
            var units = shards.Where(s => !s.IsZero).Select((s, i) => NewUnit(project, project.UnitsTotal + i, stage, s, plan, program)).ToList();
            Store.InsertUnits(units);
            project.CurrentStage = stage;
            project.ShardsBlob = shardSet;
            project.BytesMoved += moved;
            project.UnitsTotal += units.Count;
            project.AdvancePending = false;
            Store.Projects.Update(project);
            return units.Count;
        });
        if (started > 0)
        {
            LogStage(projectId, stage, started, moved);
            events.Changed();
        }
    }

    private UnitRecord NewUnit(ProjectRecord project, int index, int stage, ShardBlob shard, ShardPlanDocument plan, ShardPlanDocument.StageDocument program)
    {
        var spec = ShardsPlanner.Unit(index, stage, shard.Index, plan.LocalQubits, plan.GlobalQubits, program.Gates, shard.NormSquared, project.SinglePrecision);
        // The input is a whole shard.
        return UnitFactory.Create(project, spec, options.Value.ParallelReplicas, (program.Program, program.ProgramLength), (shard.Blob, spec.MemoryBytes));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: stage {Stage} started with {Units} shard unit(s) after moving {Bytes} bytes")]
    private partial void LogStage(string projectId, int stage, int units, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: all {Stages} stage(s) done, outputs read from the final shards")]
    private partial void LogCompleted(string projectId, int stages);

}
