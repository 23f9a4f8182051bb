using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Stages;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Planning;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Shards;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>Creates, reads, lists and cancels projects.</summary>
public sealed class ProjectCatalog(GridStore store, BlobStore blobs, ProjectFinisher finisher, TimeProvider clock, GridEvents events)
{
    private const string SequenceCounter = "project-sequence";

    /// <summary>
    /// Plans and stores a project with all its units in one transaction. An invalid submission
    /// throws InvalidArgument before anything is written, so it creates nothing.
    /// </summary>
    public ProjectRecord Submit(ProjectSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ProjectPlan plan;
        try
        {
            plan = ProjectPlanner.Plan(spec, new PlanningContext { LargestVolunteerMemory = LargestVolunteerMemory() });
        }
        catch (ProjectSpecException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        // The circuit blob may outlive a failed transaction; content addressing makes that harmless.
        var circuitBytes = Encoding.UTF8.GetBytes(spec.Source);
        var circuitBlob = blobs.Put(circuitBytes);
        var shardPlan = plan.Shards is null ? null : ShardPlanDocument.Store(plan.Shards, blobs);
        var initialShards = plan.Shards is null ? null
            : ShardSetDocument.From(Enumerable.Range(0, (int)plan.Shards.ShardCount).Select(i => new ShardBlob(i, null, 0)).ToList()).Save(blobs);
        var pathProgram = plan.Paths?.Encode();
        var pathBlob = pathProgram is null ? null : blobs.Put(pathProgram);
        var now = clock.GetUtcNow().UtcDateTime;
        var project = store.Transaction(() =>
        {
            var sequence = store.Counter(SequenceCounter) + 1;
            store.Increment(SequenceCounter);
            var record = new ProjectRecord
            {
                Id = "p" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                Name = string.IsNullOrWhiteSpace(spec.Name) ? Path.GetFileNameWithoutExtension(spec.FileName) : spec.Name,
                State = ProjectState.Running,
                CreatedUtc = now,
                Sequence = sequence,
                FileName = spec.FileName,
                CircuitBlob = circuitBlob,
                CircuitLength = circuitBytes.Length,
                Shots = plan.Shots,
                Seed = spec.Seed,
                SinglePrecision = spec.SinglePrecision,
                ReturnState = spec.ReturnState,
                Amplitudes = [.. spec.Amplitudes],
                Observables = [.. spec.Observables],
                ObservableWeights = new Dictionary<string, double>(plan.ObservableWeights),
                MinQuorum = spec.MinQuorum,
                MaxReplicas = spec.MaxReplicas,
                Strategy = plan.Strategy.ToString().ToLowerInvariant(),
                PlanDescription = plan.Description,
                MemoryPerUnit = plan.MemoryPerUnit,
                Qubits = plan.Qubits,
                Clbits = plan.Clbits,
                Gates = plan.Gates,
                KeyGroupSizes = [.. plan.KeyGroupSizes],
                PointCount = plan.Points.Count,
                Swept = plan.Swept,
                Warnings = [.. plan.Warnings],
                UnitsTotal = plan.Units.Count,
                ShardPlanBlob = shardPlan?.Save(blobs),
                StageCount = shardPlan?.Stages.Count ?? 0,
                ShardsBlob = initialShards,
                PathProgramBlob = pathBlob,
                PathCount = plan.Cut?.PathCount ?? 0,
                AcceptPathFraction = spec.AcceptPathFraction,
            };
            store.Projects.Insert(record);
            // Units are served in project order, then unit order.
            var units = plan.Units.Select(u => RecordMapping.ToRecord(record.Id, (sequence << 24) | (long)u.Index, u, spec.MinQuorum)).ToList();
            foreach (var unit in units)
            {
                if (shardPlan is not null)
                {
                    unit.ProgramBlob = shardPlan.Stages[unit.Stage].Program;
                    unit.ProgramLength = shardPlan.Stages[unit.Stage].ProgramLength;
                }
                else if (pathBlob is not null)
                {
                    unit.ProgramBlob = pathBlob;
                    unit.ProgramLength = pathProgram!.Length;
                }
            }
            store.InsertUnits(units);
            return record;
        });
        events.Changed();
        return project;
    }

    public ProjectRecord Get(string projectId) =>
        (string.IsNullOrEmpty(projectId) ? null : store.Projects.FindById(projectId))
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"no project '{projectId}'"));

    public ProjectView View(string projectId)
    {
        lock (store.Gate)
        {
            var project = Get(projectId);
            var units = store.Units.Find(u => u.ProjectId == project.Id).ToList();
            var replicas = store.Replicas.Find(r => r.ProjectId == project.Id).ToList();
            return new ProjectView(
                project,
                replicas.Count(r => r.State == ReplicaState.InProgress),
                ProjectFinisher.Report(project, units, replicas));
        }
    }

    public IReadOnlyList<ProjectRecord> List(int limit) =>
        store.Projects.Query().OrderByDescending(p => p.CreatedUtc).Limit(limit <= 0 ? 100 : Math.Min(limit, 10_000)).ToList();

    public ProjectRecord Cancel(string projectId)
    {
        var project = store.Transaction(() =>
        {
            var p = Get(projectId);
            if (p.State != ProjectState.Running)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"project '{projectId}' already {p.State.ToString().ToLowerInvariant()}"));
            }
            finisher.End(p, ProjectState.Cancelled, "cancelled by the user");
            return p;
        });
        return project;
    }

    private long LargestVolunteerMemory() => store.Hosts.Query().OrderByDescending(h => h.MemoryBytes).Limit(1).FirstOrDefault()?.MemoryBytes ?? 0;
}
