using Microsoft.Extensions.Hosting;
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
    BlobStore blobs,
    ProjectFinisher finisher,
    PipelineRunner runner,
    PipelineSignals signals,
    ILogger<Assimilator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in PendingProjects())
                {
                    await runner.RunAsync(PipelineRunner.Assimilator, id, () => Assimilate(id), stoppingToken);
                }
                await signals.Assimilation.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Listing the pending projects failed (the store is unavailable): the next round tries again.
                LogRoundFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private List<string> PendingProjects()
    {
        lock (store.Gate)
        {
            return store.Projects.Find(p => p.State == ProjectState.Running && p.AssimilatePending).Select(p => p.Id).ToList();
        }
    }

    /// <summary>Recombines one project's verified units and delivers its result.</summary>
    public void Assimilate(string projectId)
    {
        ProjectRecord project;
        List<UnitRecord> units;
        List<ReplicaRecord> replicas;
        List<(Grid.Units.WorkUnitSpec Unit, UnitResult Result)> canonical;
        lock (store.Gate)
        {
            project = store.Projects.FindById(projectId);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The assimilator could not list the projects waiting for it; it will retry")]
    private partial void LogRoundFailed(Exception exception);
}
