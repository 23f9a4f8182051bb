using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>
/// Computes every running project's live progress a couple of times a second and publishes it on
/// the <see cref="ProgressBoard"/>, so that watch streams and reads only look it up. Each sample
/// copies what it needs under the store's lock (running projects, replicas in progress with their
/// heartbeats' progress — the in-memory renewals, fresher than the store — the hosts, the open
/// units; only the units being worked on are read) and does the rest outside it. Like the project
/// reports, a sample that took long is followed by a pause ten times as long, so a large grid's
/// samples hold the lock a tenth of the time at most. It writes nothing: every coordinator of a
/// shared database runs its own.
/// </summary>
public sealed partial class ProgressMonitor(
    GridStore store,
    LeaseRenewals renewals,
    ProgressBoard board,
    IOptions<CoordinatorOptions> options,
    TimeProvider clock,
    ILogger<ProgressMonitor> logger) : BackgroundService
{
    private sealed record ReplicaFacts(string ProjectId, string UnitId, string HostId, bool SpotCheck, double Progress);

    private sealed record UnitFacts(UnitState State, int Wanted, int Returned);

    private sealed record ProjectFacts(string Id, int UnitsTotal, int UnitsVerified, int MinQuorum);

    private readonly CoordinatorOptions _options = options.Value;
    private readonly ThroughputTracker _throughput = new(clock, TimeSpan.FromSeconds(options.Value.ThroughputWindowSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, _options.ProgressSampleSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                var held = Sample();
                wait = TimeSpan.FromTicks(Math.Max(interval.Ticks, 10 * held.Ticks));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is unavailable (a full disk, a lost database): the next sample tries again.
                LogSampleFailed(e);
            }
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One sample of every running project, published; returns how long it held the store's lock.</summary>
    public TimeSpan Sample()
    {
        var started = Stopwatch.GetTimestamp();
        List<ProjectFacts> projects;
        List<ReplicaFacts> replicas;
        List<HostFacts> hosts;
        Dictionary<string, List<OpenUnitIndex.Entry>> open;
        Dictionary<string, UnitFacts> units;
        DateTime now;
        lock (store.Gate)
        {
            now = clock.GetUtcNow().UtcDateTime;
            projects = [.. store.Projects.Running().Select(p => new ProjectFacts(p.Id, p.UnitsTotal, p.UnitsVerified, p.MinQuorum))];
            var running = projects.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            // A renewal held in memory is newer than the progress the sweeper last wrote.
            var pending = renewals.Pending().ToDictionary(kv => kv.Key, kv => kv.Value.Progress, StringComparer.Ordinal);
            replicas = [.. store.Replicas.InProgress().Select(r => new ReplicaFacts(r.ProjectId, r.UnitId, r.HostId, r.SpotCheck, pending.GetValueOrDefault(r.Id, r.Progress)))];
            hosts = projects.Count == 0 ? [] : [.. store.Hosts.FindAll().Select(h => new HostFacts(h.Id, h.Owner, h.NetworkPrefix, h.MemoryBytes, h.PausedReason ?? "", h.LastSeenUtc))];
            open = store.OpenUnits.InOrder().Where(e => running.Contains(e.ProjectId))
                .GroupBy(e => e.ProjectId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            // The units with work done but not verified: those being computed, and open ones that
            // already had a replica (a returned result waiting for the next one).
            var worked = replicas.Where(r => !r.SpotCheck && running.Contains(r.ProjectId)).Select(r => r.UnitId)
                .Concat(open.Values.SelectMany(l => l).Where(e => e.Holders.HostIds.Count > 0).Select(e => e.UnitId))
                .ToHashSet(StringComparer.Ordinal);
            units = new Dictionary<string, UnitFacts>(StringComparer.Ordinal);
            foreach (var id in worked)
            {
                if (store.Units.FindById(id) is { } unit)
                {
                    units[id] = new UnitFacts(unit.State, unit.Wanted, unit.Returned);
                }
            }
        }
        var held = Stopwatch.GetElapsedTime(started);
        var grid = new GridFacts(hosts, replicas.Select(r => r.HostId).ToHashSet(StringComparer.Ordinal), now,
            TimeSpan.FromSeconds(_options.OnlineWindowSeconds), _options.SeparateNetworks);
        var byProject = replicas.ToLookup(r => r.ProjectId, StringComparer.Ordinal);
        var paused = hosts.Where(h => h.Paused).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var published = new Dictionary<string, ProjectProgress>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var mine = byProject[project.Id].ToList();
            var openUnits = open.GetValueOrDefault(project.Id) ?? [];
            var progressOf = mine.Where(r => !r.SpotCheck).ToLookup(r => r.UnitId, r => r.Progress, StringComparer.Ordinal);
            var worked = mine.Where(r => !r.SpotCheck).Select(r => r.UnitId)
                .Concat(openUnits.Where(e => e.Holders.HostIds.Count > 0).Select(e => e.UnitId))
                .Distinct(StringComparer.Ordinal);
            var fractions = worked.Select(id => units.GetValueOrDefault(id) is { State: UnitState.Active } unit
                ? WorkFraction.OfUnit(unit.Wanted, unit.Returned, progressOf[id])
                : 0);
            var work = WorkFraction.OfProject(project.UnitsTotal, project.UnitsVerified, fractions);
            var stall = StallDiagnosis.Diagnose([.. mine.Select(r => r.HostId)], openUnits, project.MinQuorum, grid);
            var (rate, window, eta) = _throughput.Record(project.Id, work * project.UnitsTotal, project.UnitsTotal);
            published[project.Id] = new ProjectProgress(work, mine.Count(r => paused.Contains(r.HostId)), rate, window, stall is null ? eta : null, stall);
        }
        _throughput.Keep(published.Keys.ToHashSet(StringComparer.Ordinal));
        board.Publish(published);
        return held;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling the projects' progress failed; trying again at the next sample")]
    private partial void LogSampleFailed(Exception exception);
}
