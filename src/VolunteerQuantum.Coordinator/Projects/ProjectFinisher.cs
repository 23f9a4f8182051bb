using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Recombination;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>
/// Ends projects. A completed project's verified unit results are recombined into its result
/// document (stored as a JSON blob); a failed or cancelled one stops handing out work and tells
/// the volunteers still computing for it to abort.
/// </summary>
public sealed class ProjectFinisher(GridStore store, BlobStore blobs, TimeProvider clock, GridEvents events)
{
    /// <summary>All units are verified: recombine and store the result. Call inside a transaction.</summary>
    public void Complete(ProjectRecord project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var units = store.Units.Find(u => u.ProjectId == project.Id).OrderBy(u => u.Index).ToList();
        var replicas = store.Replicas.Find(r => r.ProjectId == project.Id).ToList();
        var byId = replicas.ToDictionary(r => r.Id);
        var canonical = units
            .Select(u => (RecordMapping.ToSpec(u), RecordMapping.ToResult(byId[u.CanonicalReplicaId!].Result!)))
            .ToList();
        var points = WholeRecombiner.Combine(PointValues(project, units), canonical);
        var firstState = canonical.Select(c => c.Item2).FirstOrDefault(r => r.StateBlob is not null);
        project.StateBlob = firstState?.StateBlob;
        project.StateFormat = firstState?.StateFormat;
        var document = new ResultDocument
        {
            Circuit = new CircuitSummary(project.FileName, project.Qubits, project.Clbits, project.Gates),
            Precision = project.SinglePrecision ? "single" : "double",
            Seed = project.Seed,
            Swept = project.Swept,
            Points = points.Select(p => p with { State = p.State is null ? null : $"blob:{p.State}" }).ToList(),
            Timings = new Dictionary<string, double>
            {
                ["compute"] = replicas.Where(r => r.State == ReplicaState.Valid).Sum(r => r.Result?.ComputeSeconds ?? 0),
                ["wall"] = (clock.GetUtcNow().UtcDateTime - project.CreatedUtc).TotalSeconds,
            },
            Verification = Report(project, units, replicas),
            Warnings = project.Warnings,
            Run = new Dictionary<string, string>
            {
                ["project"] = project.Id,
                ["strategy"] = project.Strategy,
                ["plan"] = project.PlanDescription,
            },
        };
        using var json = new MemoryStream();
        ResultJson.Write(json, document);
        project.ResultBlob = blobs.Put(json.ToArray());
        project.State = ProjectState.Completed;
        project.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        store.Projects.Update(project);
        events.Changed();
    }

    /// <summary>Each point's parameter values, read from the first of its units.</summary>
    private static List<IReadOnlyDictionary<string, double>> PointValues(ProjectRecord project, IReadOnlyList<UnitRecord> units)
    {
        var byPoint = units.GroupBy(u => u.Point).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Index).First().Parameters);
        return Enumerable.Range(0, project.PointCount)
            .Select(p => (IReadOnlyDictionary<string, double>)(byPoint.TryGetValue(p, out var values) ? values : new Dictionary<string, double>()))
            .ToList();
    }

    /// <summary>Stops a project that failed or was cancelled. Call inside a transaction.</summary>
    public void End(ProjectRecord project, ProjectState state, string? reason)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.State = state;
        project.FailureReason = reason;
        project.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        store.Projects.Update(project);
        foreach (var unit in store.Units.Find(u => u.ProjectId == project.Id && u.State == UnitState.Active).ToList())
        {
            unit.State = UnitState.Cancelled;
            unit.OpenSlots = 0;
            store.SaveUnit(unit);
        }
        foreach (var replica in store.Replicas.Find(r => r.ProjectId == project.Id && r.State == ReplicaState.InProgress).ToList())
        {
            replica.State = ReplicaState.Aborted;
            replica.Message = $"project {state.ToString().ToLowerInvariant()}";
            store.Replicas.Update(replica);
        }
        events.Changed();
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
