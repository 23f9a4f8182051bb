using System.Numerics;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Recombination;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>
/// Ends projects. A completed project's verified unit results are recombined into its result
/// document (stored as a JSON blob); a failed or cancelled one stops handing out work and tells
/// the volunteers still computing for it to abort. A sharded project's stages end here too: the
/// stage advancer takes over from <see cref="ProjectRecord.AdvancePending"/>.
/// </summary>
public sealed class ProjectFinisher(GridStore store, BlobStore blobs, TimeProvider clock, GridEvents events, StageSignal stages)
{
    /// <summary>
    /// The project's units so far are all verified (or, for paths, enough of them): recombine and
    /// store the result, or hand a sharded project's stage to the stage advancer. Call inside a transaction.
    /// </summary>
    public void Complete(ProjectRecord project)
    {
        ArgumentNullException.ThrowIfNull(project);
        switch (project.Strategy)
        {
            case "shards":
                project.AdvancePending = true;
                store.Projects.Update(project);
                stages.Raise();
                return;
            case "paths":
                CompletePaths(project);
                return;
            default:
                CompleteWhole(project);
                return;
        }
    }

    private void CompleteWhole(ProjectRecord project)
    {
        var (units, replicas, canonical) = Canonical(project);
        var points = WholeRecombiner.Combine(PointValues(project, units), canonical);
        var firstState = canonical.Select(c => c.Result).FirstOrDefault(r => r.StateBlob is not null);
        project.StateBlob = firstState?.StateBlob;
        project.StateFormat = firstState?.StateFormat;
        Finish(project, points.Select(p => p with { State = p.State is null ? null : $"blob:{p.State}" }).ToList(), units, replicas, []);
    }

    /// <summary>Adds the verified units' partial sums; with only part of the paths, says how much.</summary>
    private void CompletePaths(ProjectRecord project)
    {
        var (units, replicas, canonical) = Canonical(project);
        var sums = new Dictionary<string, Complex>(StringComparer.Ordinal);
        foreach (var (_, result) in canonical)
        {
            foreach (var (bits, value) in result.Amplitudes)
            {
                sums[bits] = sums.GetValueOrDefault(bits) + value;
            }
        }
        var summed = canonical.Sum(c => (double)(c.Unit.Paths?.PathCount ?? 0));
        var fraction = project.PathCount > 0 ? summed / project.PathCount : 1;
        foreach (var unit in units.Where(u => u.State == UnitState.Active))
        {
            unit.State = UnitState.Cancelled;
            store.SaveUnit(unit);
        }
        AbortReplicas(project, "enough paths are verified");
        var run = new Dictionary<string, string>
        {
            ["paths"] = $"{summed:G17} of {project.PathCount:G17}",
            ["paths fraction"] = fraction.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
        };
        var warnings = fraction < 1
            ? new[] { $"only {fraction:P3} of the paths were summed: for random circuits the expected fidelity is about that fraction" }
            : [];
        var point = new ResultPoint
        {
            Amplitudes = project.Amplitudes.ToDictionary(a => a, a => sums.GetValueOrDefault(a), StringComparer.Ordinal),
        };
        Finish(project, [point], units, replicas, warnings, run);
    }

    /// <summary>Stores the result document and marks the project completed. Call inside a transaction.</summary>
    public void Finish(ProjectRecord project, IReadOnlyList<ResultPoint> points, IReadOnlyList<UnitRecord> units, IReadOnlyList<ReplicaRecord> replicas, IReadOnlyList<string> warnings, IReadOnlyDictionary<string, string>? run = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(points);
        var runInfo = new Dictionary<string, string>
        {
            ["project"] = project.Id,
            ["strategy"] = project.Strategy,
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
        project.ResultBlob = blobs.Put(json.ToArray());
        project.State = ProjectState.Completed;
        project.AdvancePending = false;
        project.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        store.Projects.Update(project);
        events.Changed();
    }

    /// <summary>Stops a project that failed or was cancelled. Call inside a transaction.</summary>
    public void End(ProjectRecord project, ProjectState state, string? reason)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.State = state;
        project.FailureReason = reason;
        project.AdvancePending = false;
        project.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        store.Projects.Update(project);
        foreach (var unit in store.Units.Find(u => u.ProjectId == project.Id && u.State == UnitState.Active).ToList())
        {
            unit.State = UnitState.Cancelled;
            store.SaveUnit(unit);
        }
        AbortReplicas(project, $"project {state.ToString().ToLowerInvariant()}");
        events.Changed();
    }

    private void AbortReplicas(ProjectRecord project, string reason)
    {
        foreach (var replica in store.Replicas.Find(r => r.ProjectId == project.Id && r.State == ReplicaState.InProgress).ToList())
        {
            replica.State = ReplicaState.Aborted;
            replica.Message = reason;
            store.Replicas.Update(replica);
        }
    }

    /// <summary>Every verified unit with its canonical result, in unit order.</summary>
    public (List<UnitRecord> Units, List<ReplicaRecord> Replicas, List<(WorkUnitSpec Unit, UnitResult Result)> Canonical) Canonical(ProjectRecord project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var units = store.Units.Find(u => u.ProjectId == project.Id).OrderBy(u => u.Index).ToList();
        var replicas = store.Replicas.Find(r => r.ProjectId == project.Id).ToList();
        var byId = replicas.ToDictionary(r => r.Id);
        var canonical = units
            .Where(u => u.State == UnitState.Verified)
            .Select(u => (RecordMapping.ToSpec(u), RecordMapping.ToResult(byId[u.CanonicalReplicaId!].Result!)))
            .ToList();
        return (units, replicas, canonical);
    }

    /// <summary>Each point's parameter values, read from the first of its units.</summary>
    private static List<IReadOnlyDictionary<string, double>> PointValues(ProjectRecord project, IReadOnlyList<UnitRecord> units)
    {
        var byPoint = units.GroupBy(u => u.Point).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Index).First().Parameters);
        return Enumerable.Range(0, project.PointCount)
            .Select(p => (IReadOnlyDictionary<string, double>)(byPoint.TryGetValue(p, out var values) ? values : new Dictionary<string, double>()))
            .ToList();
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
