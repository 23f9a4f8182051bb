using VolunteerQuantum.Coordinator.Pipeline;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>
/// Ends projects. A project whose units are all verified is handed on: a sharded project's stage
/// to the stage advancer (<see cref="ProjectRecord.AdvancePending"/>), any other project to the
/// assimilator (<see cref="ProjectRecord.AssimilatePending"/>), which recombines and stores its
/// result outside the request path; both deliver through <see cref="Deliver"/>. A failed or
/// cancelled project stops handing out work and tells the volunteers still computing for it to abort.
/// </summary>
public sealed class ProjectFinisher(GridStore store, TimeProvider clock, GridEvents events, PipelineSignals signals)
{
    /// <summary>
    /// The project's units so far are all verified (or, for paths, enough of them): hand it to the
    /// pipeline service that finishes it. Call inside a transaction.
    /// </summary>
    public void Complete(ProjectRecord project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.Strategy == SlicingStrategy.Shards)
        {
            project.AdvancePending = true;
            store.Projects.Update(project);
            signals.Stages.Raise();
            return;
        }
        if (project.Strategy == SlicingStrategy.Paths)
        {
            // Settling for a fraction of the paths: the rest are no longer wanted, from now on.
            StopWork(project, "enough paths are verified");
        }
        project.AssimilatePending = true;
        store.Projects.Update(project);
        signals.Assimilation.Raise();
    }

    /// <summary>The result document of a project, as the JSON bytes stored for it.</summary>
    public byte[] Document(ProjectRecord project, IReadOnlyList<ResultPoint> points, IReadOnlyList<UnitRecord> units, IReadOnlyList<ReplicaRecord> replicas, IReadOnlyList<string> warnings, IReadOnlyDictionary<string, string>? run = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(warnings);
        var runInfo = new Dictionary<string, string>
        {
            ["project"] = project.Id,
            ["strategy"] = project.Strategy.ToString().ToLowerInvariant(),
            ["plan"] = project.PlanDescription,
        };
        foreach (var (key, value) in run ?? new Dictionary<string, string>())
        {
            runInfo[key] = value;
        }
        var document = new ResultDocument
        {
            Circuit = new CircuitSummary(project.FileName, project.Qubits, project.Clbits, project.Gates),
            Precision = project.SinglePrecision ? "single" : "double",
            Seed = project.Seed,
            Swept = project.Swept,
            Points = points,
            Timings = new Dictionary<string, double>
            {
                ["compute"] = replicas.Where(r => r.State == ReplicaState.Valid).Sum(r => r.Result?.ComputeSeconds ?? 0),
                ["wall"] = (clock.GetUtcNow().UtcDateTime - project.CreatedUtc).TotalSeconds,
            },
            Verification = Report(project, units.Where(u => u.State != UnitState.Cancelled).ToList(), replicas),
            Warnings = [.. project.Warnings, .. warnings],
            Run = runInfo,
        };
        using var json = new MemoryStream();
        ResultJson.Write(json, document);
        return json.ToArray();
    }

    /// <summary>
    /// Marks a project completed with its stored result, in one short transaction, if it is still
    /// waiting for it (<paramref name="stillPending"/>: it was not cancelled, failed or delivered
    /// meanwhile). Returns whether it was delivered; if not, the blobs written for it are nobody's
    /// and the blob reaper removes them.
    /// </summary>
    public bool Deliver(string projectId, Func<ProjectRecord, bool> stillPending, string resultBlob, string? stateBlob, string? stateFormat, long bytesMoved = 0)
    {
        ArgumentNullException.ThrowIfNull(stillPending);
        var delivered = store.Transaction(() =>
        {
            var project = store.Projects.FindById(projectId);
            if (project is not { State: ProjectState.Running } || !stillPending(project))
            {
                return false;
            }
            project.ResultBlob = resultBlob;
            project.StateBlob = stateBlob;
            project.StateFormat = stateBlob is null ? null : stateFormat;
            project.BytesMoved += bytesMoved;
            project.State = ProjectState.Completed;
            project.AdvancePending = false;
            project.AssimilatePending = false;
            project.FinishedUtc = clock.GetUtcNow().UtcDateTime;
            store.Projects.Update(project);
            return true;
        });
        if (delivered)
        {
            events.Changed();
        }
        return delivered;
    }

    /// <summary>Stops a project that failed or was cancelled. Call inside a transaction.</summary>
    public void End(ProjectRecord project, ProjectState state, string? reason)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.State = state;
        project.FailureReason = reason;
        project.AdvancePending = false;
        project.AssimilatePending = false;
        project.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        store.Projects.Update(project);
        StopWork(project, $"project {state.ToString().ToLowerInvariant()}");
        events.Changed();
    }

    /// <summary>
    /// No more work for the project: its active units are cancelled, nothing of it waits to be
    /// judged, and the volunteers computing for it are told to abort (with the reason).
    /// </summary>
    private void StopWork(ProjectRecord project, string reason)
    {
        foreach (var unit in store.Units.OfProject(project.Id).Where(u => u.State == UnitState.Active || u.NeedsJudging).ToList())
        {
            unit.State = unit.State == UnitState.Active ? UnitState.Cancelled : unit.State;
            unit.NeedsJudging = false;
            store.SaveUnit(unit);
        }
        AbortReplicas(project, reason);
    }

    private void AbortReplicas(ProjectRecord project, string reason)
    {
        foreach (var replica in store.Replicas.InProgressOfProject(project.Id).ToList())
        {
            replica.State = ReplicaState.Aborted;
            replica.Message = reason;
            store.SaveReplica(replica);
        }
    }

    /// <summary>Every verified unit with its canonical result, in unit order.</summary>
    public (List<UnitRecord> Units, List<ReplicaRecord> Replicas, List<(WorkUnitSpec Unit, UnitResult Result)> Canonical) Canonical(ProjectRecord project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var units = store.Units.OfProject(project.Id).OrderBy(u => u.Index).ToList();
        var replicas = store.Replicas.OfProject(project.Id).ToList();
        var byId = replicas.ToDictionary(r => r.Id);
        var canonical = units
            .Where(u => u.State == UnitState.Verified)
            .Select(u => (RecordMapping.ToSpec(u), RecordMapping.ToResult(byId[u.CanonicalReplicaId!].Result!)))
            .ToList();
        return (units, replicas, canonical);
    }

    public static VerificationReport Report(ProjectRecord project, IReadOnlyList<UnitRecord> units, IReadOnlyList<ReplicaRecord> replicas)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(replicas);
        var valid = replicas.Where(r => r.State == ReplicaState.Valid).ToList();
        return new VerificationReport
        {
            Units = units.Count,
            MinQuorum = project.MinQuorum,
            UnitsAgreed = units.Count(u => u.State == UnitState.Verified && !u.Disputed),
            UnitsDisputed = units.Count(u => u.Disputed),
            ReplicasValid = valid.Count,
            ReplicasInvalid = replicas.Count(r => r.State == ReplicaState.Invalid),
            ReplicasErrored = replicas.Count(r => r.State == ReplicaState.Error),
            ReplicasTimedOut = replicas.Count(r => r.State == ReplicaState.TimedOut),
            HostsContributing = valid.Select(r => r.HostId).Distinct().Count(),
            HostsPerUnit = units.Select(u => valid.Where(r => r.UnitId == u.Id).Select(r => r.HostId).Distinct().Count()).ToArray(),
        };
    }
}
