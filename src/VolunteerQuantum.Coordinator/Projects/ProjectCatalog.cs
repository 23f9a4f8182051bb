using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Accounts;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Stages;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Planning;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Shards;
using VolunteerQuantum.Coordinator.Errors;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>
/// Creates, reads, lists and cancels projects. Each project belongs to the researcher account that
/// submitted it: another account's key finds nothing (as if it did not exist); an admin sees all.
/// Submissions are held to the account's quotas and the grid's limits.
/// </summary>
public sealed class ProjectCatalog(GridStore store, IBlobStore blobs, ProjectFinisher finisher, ProjectReports reports, RateLimiter limiter, IOptions<CoordinatorOptions> options, TimeProvider clock, GridEvents events)
{
    private const string SequenceCounter = "project-sequence";

    /// <summary>
    /// Plans and stores a project with all its units in one transaction. An invalid submission
    /// throws InvalidArgument, one over a quota or limit ResourceExhausted, before anything is
    /// written, so it creates nothing.
    /// </summary>
    public ProjectRecord Submit(ProjectSpec spec, Researcher owner)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(owner);
        var o = options.Value;
        CheckQuotas(owner);
        // The hosts are read under the store's lock like every other store access (other requests
        // change them meanwhile); the planning itself, which can take long, runs outside it.
        long largestMemory;
        double medianSpeed;
        lock (store.Gate)
        {
            largestMemory = store.Hosts.LargestMemory();
            medianSpeed = MedianHostSpeed();
        }
        ProjectPlan plan;
        try
        {
            plan = ProjectPlanner.Plan(spec, new PlanningContext
            {
                LargestVolunteerMemory = largestMemory,
                MaxUnits = o.MaxUnitsPerProject,
                MaxUnitMemoryBytes = o.MaxUnitMemoryBytes,
                MedianHostSpeed = medianSpeed,
            });
        }
        catch (PlanLimitException e)
        {
            throw new GridException(Refusal.ResourceExhausted, e.Message);
        }
        catch (ProjectSpecException e)
        {
            throw new GridException(Refusal.InvalidArgument, e.Message);
        }
        if (!limiter.TryAcquire("submit:" + owner.AccountId, o.SubmissionsPerMinutePerAccount, out var retryAfter))
        {
            throw new GridException(Refusal.ResourceExhausted,
                $"account '{owner.AccountId}' submitted {o.SubmissionsPerMinutePerAccount} projects in the last minute, the most allowed (Coordinator:SubmissionsPerMinutePerAccount); try again in {Math.Ceiling(retryAfter.TotalSeconds)} s or ask the operator to raise it");
        }
        // The circuit blob may outlive a failed transaction; content addressing makes that harmless,
        // and the blob reaper removes it. Held until the project names them.
        using var hold = blobs.Hold();
        var circuitBytes = Encoding.UTF8.GetBytes(spec.Source);
        var circuitBlob = blobs.Put(circuitBytes);
        var noiseBytes = spec.IsNoisy ? Encoding.UTF8.GetBytes(spec.NoiseText!) : null;
        var noiseBlob = noiseBytes is null ? null : blobs.Put(noiseBytes);
        var shardPlan = plan.Shards is null ? null : ShardPlanDocument.Store(plan.Shards, blobs);
        var initialShards = plan.Shards is null ? null
            : ShardSetDocument.From(Enumerable.Range(0, (int)plan.Shards.ShardCount).Select(i => new ShardBlob(i, null, 0)).ToList()).Save(blobs);
        var pathProgram = plan.Paths?.Encode();
        var pathBlob = pathProgram is null ? null : blobs.Put(pathProgram);
        var now = clock.GetUtcNow().UtcDateTime;
        var project = store.Transaction(() =>
        {
            // Checked again inside the transaction: two submissions racing must not both fit.
            CheckOpenProjects(owner);
            var sequence = store.Counter(SequenceCounter) + 1;
            store.Increment(SequenceCounter);
            var record = new ProjectRecord
            {
                Id = "p" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                Owner = owner.AccountId,
                AdaptiveReplication = spec.AdaptiveReplication,
                AdaptiveSpotCheckFraction = spec.AdaptiveSpotCheckFraction,
                Name = string.IsNullOrWhiteSpace(spec.Name) ? Path.GetFileNameWithoutExtension(spec.FileName) : spec.Name,
                State = ProjectState.Running,
                CreatedUtc = now,
                Sequence = sequence,
                FileName = spec.FileName,
                CircuitBlob = circuitBlob,
                CircuitLength = circuitBytes.Length,
                NoiseBlob = noiseBlob,
                NoiseLength = noiseBytes?.Length ?? 0,
                NoiseFileName = noiseBlob is null ? null : spec.NoiseFileName,
                Trajectories = noiseBlob is null ? 0 : spec.Trajectories,
                Shots = plan.Shots,
                Seed = spec.Seed,
                SinglePrecision = spec.SinglePrecision,
                ReturnState = spec.ReturnState,
                Amplitudes = [.. spec.Amplitudes],
                Observables = [.. spec.Observables],
                ObservableWeights = new Dictionary<string, double>(plan.ObservableWeights),
                MinQuorum = spec.MinQuorum,
                MaxReplicas = spec.MaxReplicas,
                Strategy = plan.Strategy,
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
            var units = plan.Units.Select(u => UnitFactory.Create(record, u, o.ParallelReplicas,
                shardPlan is not null ? (shardPlan.Stages[u.Shard!.Stage].Program, shardPlan.Stages[u.Shard.Stage].ProgramLength)
                : pathBlob is not null ? (pathBlob, pathProgram!.Length)
                : null)).ToList();
            store.InsertUnits(units);
            return record;
        });
        events.Changed();
        return project;
    }

    /// <summary>The project, if it exists and this researcher may see it; else NotFound, the same either way.</summary>
    public ProjectRecord Get(string projectId, Researcher researcher)
    {
        ArgumentNullException.ThrowIfNull(researcher);
        var project = string.IsNullOrEmpty(projectId) ? null : store.Projects.FindById(projectId);
        return project is not null && researcher.MaySee(project.Owner)
            ? project
            : throw new GridException(Refusal.NotFound, $"no project '{projectId}' for account '{researcher.AccountId}'");
    }

    public ProjectView View(string projectId, Researcher researcher)
    {
        lock (store.Gate)
        {
            var project = Get(projectId, researcher);
            var (running, report) = reports.For(project);
            return new ProjectView(project, running, report);
        }
    }

    /// <summary>The researcher's projects (an admin's: everyone's), newest first.</summary>
    public IReadOnlyList<ProjectRecord> List(int limit, Researcher researcher)
    {
        ArgumentNullException.ThrowIfNull(researcher);
        return store.Projects.Newest(limit <= 0 ? 100 : Math.Min(limit, 10_000), researcher.Admin ? null : researcher.AccountId);
    }

    public ProjectRecord Cancel(string projectId, Researcher researcher)
    {
        var project = store.Transaction(() =>
        {
            var p = Get(projectId, researcher);
            if (p.State != ProjectState.Running)
            {
                throw new GridException(Refusal.FailedPrecondition, $"project '{projectId}' already {p.State.ToString().ToLowerInvariant()}");
            }
            finisher.End(p, ProjectState.Cancelled, $"cancelled by {researcher.AccountId}");
            return p;
        });
        return project;
    }

    /// <summary>The account's quotas that a submission would break, checked before any planning work.</summary>
    private void CheckQuotas(Researcher owner)
    {
        var o = options.Value;
        CheckOpenProjects(owner);
        var account = owner.AccountId;
        var stored = store.Projects.OwnedBy(account).Where(p => p.ResultBlob != null)
            .Sum(p => Length(p.ResultBlob) + Length(p.StateBlob));
        if (stored >= o.MaxStoredResultBytesPerAccount)
        {
            throw new GridException(Refusal.ResourceExhausted,
                $"account '{account}' keeps {ProjectPlanner.Bytes(stored)} of results on the coordinator, the most allowed (Coordinator:MaxStoredResultBytesPerAccount = {ProjectPlanner.Bytes(o.MaxStoredResultBytesPerAccount)}); ask the operator to raise it");
        }
    }

    private void CheckOpenProjects(Researcher owner)
    {
        var o = options.Value;
        var account = owner.AccountId;
        var open = store.Projects.OwnedBy(account).Count(p => p.State == ProjectState.Running);
        if (open >= o.MaxOpenProjectsPerAccount)
        {
            throw new GridException(Refusal.ResourceExhausted,
                $"account '{account}' has {open} projects running, the most allowed (Coordinator:MaxOpenProjectsPerAccount = {o.MaxOpenProjectsPerAccount}); wait for some to finish, cancel some, or ask the operator to raise it");
        }
    }

    private long Length(string? blob) => blob is not null && blobs.Exists(blob) ? blobs.Length(blob) : 0;

    /// <summary>The median benchmark of the hosts that reported one (0: none did). Call under the store's lock.</summary>
    private double MedianHostSpeed()
    {
        var speeds = store.Hosts.FindAll().Select(h => h.AmplitudeUpdatesPerSecond).Where(s => s > 0).Order().ToArray();
        return speeds.Length == 0 ? 0 : speeds[speeds.Length / 2];
    }
}
