using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Recombination;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// BOINC's assimilator: delivers projects whose units are all verified (<see cref="ProjectRecord.AssimilatePending"/>).
/// It reads the canonical results under the store's lock, recombines them and writes the result
/// document outside it, then marks the project completed in one short transaction that re-checks
/// the project is still waiting (a cancel may have come meanwhile). Driven by the persisted flag,
/// so a coordinator killed mid-way assimilates again when it restarts. Sharded projects are
/// delivered by the stage advancer, which already streams their final shards outside the lock.
/// </summary>
public sealed partial class Assimilator(
    GridStore store,
    IBlobStore blobs,
    ProjectFinisher finisher,
    PipelineRunner runner,
    PipelineSignals signals,
    ILogger<Assimilator> logger) : ProjectPipelineService(store, runner, signals.Assimilation, logger)
{
    protected override string Service => PipelineRunner.Assimilator;

    protected override IEnumerable<ProjectRecord> Waiting(Storage.Sets.ProjectRecords projects) => projects.AwaitingAssimilation();

    protected override void Process(string projectId, CancellationToken stoppingToken) => Assimilate(projectId);

    /// <summary>Recombines one project's verified units and delivers its result.</summary>
    public void Assimilate(string projectId)
    {
        ProjectRecord? project;
        List<UnitRecord> units;
        List<ReplicaRecord> replicas;
        List<(Grid.Units.WorkUnitSpec Unit, UnitResult Result)> canonical;
        lock (Store.Gate)
        {
            project = Store.Projects.FindById(projectId);
            if (project is not { State: ProjectState.Running, AssimilatePending: true })
            {
                return;
            }
            (units, replicas, canonical) = finisher.Canonical(project);
        }
        // The result document is written before the transaction that names it: held from the reaper till then.
        using var hold = blobs.Hold();
        string document;
        string? state = null;
        string? stateFormat = null;
        if (project.Strategy == Grid.Projects.SlicingStrategy.Paths)
        {
            var summed = PathsRecombiner.Combine(project.Amplitudes, project.PathCount, canonical);
            document = blobs.Put(finisher.Document(project, [summed.Point], units, replicas, summed.Warnings, summed.Run));
        }
        else
        {
            var points = WholeRecombiner.Combine(PointValues(project, units), canonical);
            var firstState = canonical.Select(c => c.Result).FirstOrDefault(r => r.StateBlob is not null);
            state = firstState?.StateBlob;
            stateFormat = firstState?.StateFormat;
            var named = points.Select(p => p with { State = p.State is null ? null : $"blob:{p.State}" }).ToList();
            document = blobs.Put(finisher.Document(project, named, units, replicas, []));
        }
        if (finisher.Deliver(projectId, p => p.AssimilatePending, document, state, stateFormat))
        {
            LogDelivered(projectId, canonical.Count);
        }
    }

    /// <summary>Each point's parameter values, read from the first of its units.</summary>
    private static List<IReadOnlyDictionary<string, double>> PointValues(ProjectRecord project, IReadOnlyList<UnitRecord> units)
    {
        var byPoint = units.GroupBy(u => u.Point).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Index).First().Parameters);
        return Enumerable.Range(0, project.PointCount)
            .Select(p => (IReadOnlyDictionary<string, double>)(byPoint.TryGetValue(p, out var values) ? values : new Dictionary<string, double>()))
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: completed, {Units} verified unit(s) recombined")]
    private partial void LogDelivered(string projectId, int units);

}
