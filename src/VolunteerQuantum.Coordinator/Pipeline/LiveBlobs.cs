using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Stages;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// The blobs something still needs (the mark of the blob reaper's mark and sweep). Every project
/// keeps its results: the result document and the state. A running project also keeps what its
/// remaining work reads: the circuit, the shard plan and every stage program it names, the current
/// shard set and every shard it names, the path program, the inputs and programs of its units (for
/// shards, of the current stage only: earlier stages' inputs were superseded by the current shard
/// set), and the uploads of those units' replicas that may still count (not the rejected or lost
/// ones). A stage being advanced reads the current stage's canonical uploads, which are among those.
/// </summary>
public static class LiveBlobs
{
    /// <summary>Replicas whose upload can no longer be canonical, compared, or re-verified.</summary>
    private static readonly ReplicaState[] Discarded = [ReplicaState.Invalid, ReplicaState.Error, ReplicaState.Aborted, ReplicaState.TimedOut];

    /// <summary>
    /// Reads the store under its gate, taken for the projects and then for each running project's
    /// units and replicas, so the grid is never held up for long; the shard documents are read
    /// outside it. What changes between two reads is new work, whose blobs are younger than the
    /// caller's cutoff (written after it, or held). Throws when the store or a document cannot be
    /// read: a sweep with part of the live set would delete what is still needed.
    /// </summary>
    public static HashSet<string> Read(GridStore store, IBlobStore blobs)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(blobs);
        var live = new HashSet<string>(StringComparer.Ordinal);
        var shardSets = new List<string>();
        var shardPlans = new List<string>();
        List<ProjectRecord> projects;
        lock (store.Gate)
        {
            projects = [.. store.Projects.FindAll()];
        }
        foreach (var project in projects)
        {
            Add(live, project.ResultBlob);
            Add(live, project.StateBlob);
            // A project being assimilated (or advanced) is still running: its canonical uploads stay.
            if (project.State != ProjectState.Running)
            {
                continue;
            }
            Add(live, project.CircuitBlob);
            Add(live, project.NoiseBlob);
            Add(live, project.ShardPlanBlob);
            Add(live, project.ShardsBlob);
            Add(live, project.PathProgramBlob);
            AddTo(shardPlans, project.ShardPlanBlob);
            AddTo(shardSets, project.ShardsBlob);
            lock (store.Gate)
            {
                AddUnits(store, project, live);
            }
        }
        foreach (var plan in shardPlans)
        {
            foreach (var stage in ShardPlanDocument.Load(blobs, plan).Stages)
            {
                Add(live, stage.Program);
            }
        }
        foreach (var set in shardSets)
        {
            foreach (var shard in ShardSetDocument.Load(blobs, set).Shards)
            {
                Add(live, shard.Blob);
            }
        }
        return live;
    }

    private static void AddUnits(GridStore store, ProjectRecord project, HashSet<string> live)
    {
        var shards = project.Strategy == Grid.Projects.SlicingStrategy.Shards;
        var stage = project.CurrentStage;
        var units = (shards
            ? store.Units.OfStage(project.Id, stage)
            : store.Units.OfProject(project.Id))
            .Select(u => (u.Id, u.InputBlob, u.ProgramBlob))
            .ToList();
        var unitIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, input, program) in units)
        {
            unitIds.Add(id);
            Add(live, input);
            Add(live, program);
        }
        foreach (var replica in store.Replicas.OfProject(project.Id))
        {
            if (unitIds.Contains(replica.UnitId) && !Discarded.Contains(replica.State))
            {
                Add(live, replica.Result?.StateBlob);
            }
        }
    }

    private static void Add(HashSet<string> live, string? blob)
    {
        if (!string.IsNullOrEmpty(blob))
        {
            live.Add(blob);
        }
    }

    private static void AddTo(List<string> documents, string? blob)
    {
        if (!string.IsNullOrEmpty(blob))
        {
            documents.Add(blob);
        }
    }
}
