using System.Collections.Concurrent;
using System.Diagnostics;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>
/// The costly part of a project's view: the replicas running and the verification report, read
/// from every unit and replica of the project. A small project's is read afresh each time. A large
/// one's is shared by every watcher and
/// list, reused while nothing in the grid changed, and rebuilt at most once per ten times what its
/// last rebuild took, so watching a project of 100,000 units holds the store's lock a tenth of the
/// time at most, whatever the number of watchers. An ended project's is read once more, then kept.
/// </summary>
public sealed class ProjectReports(GridStore store, GridEvents events)
{
    /// <summary>Rebuilds cheaper than this are not worth sharing: the view stays exact.</summary>
    private static readonly long CheapTicks = Stopwatch.Frequency / 1000;

    /// <summary>Projects smaller than this are always exact, however long a rebuild took (a cold start's first one is slow).</summary>
    private const int LargeProjectUnits = 1000;

    private sealed record Entry(int ReplicasRunning, VerificationReport Report, ProjectState State, long Version, long NotBefore);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The project's figures; call under the store's gate.</summary>
    public (int ReplicasRunning, VerificationReport Report) For(ProjectRecord project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var now = Stopwatch.GetTimestamp();
        var version = events.Version;
        // A large project's view is reused until its throttle expires, or while nothing changed.
        if (_entries.TryGetValue(project.Id, out var known) && known.State == project.State
            && (project.State != ProjectState.Running || (known.NotBefore > 0 && (now < known.NotBefore || known.Version == version))))
        {
            return (known.ReplicasRunning, known.Report);
        }
        var units = store.Units.OfProject(project.Id).ToList();
        var replicas = store.Replicas.OfProject(project.Id).ToList();
        var running = replicas.Count(r => r.State == ReplicaState.InProgress);
        var report = ProjectFinisher.Report(project, units, replicas);
        var cost = Stopwatch.GetTimestamp() - now;
        var large = cost >= CheapTicks && project.UnitsTotal >= LargeProjectUnits;
        if (large || project.State != ProjectState.Running)
        {
            _entries[project.Id] = new Entry(running, report, project.State, version, large ? Stopwatch.GetTimestamp() + 10 * cost : 0);
        }
        else
        {
            _entries.TryRemove(project.Id, out _);
        }
        return (running, report);
    }
}
