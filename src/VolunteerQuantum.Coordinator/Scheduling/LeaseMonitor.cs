using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Pipeline;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// The lease sweeper (BOINC's transitioner, for leases): expires leases whose volunteer stopped
/// heartbeating, so their units are re-issued. At start-up it first gives every open lease a fresh
/// heartbeat period: volunteers kept computing while the coordinator was down, and must not lose
/// their work for its absence. It also drops spot checks that no trusted verifier is left to run.
/// Each project's leases are handled on their own (<see cref="PipelineRunner"/>): one project that
/// breaks the sweep is retried and failed after a few tries, and every other lease still expires.
/// </summary>
public sealed partial class LeaseMonitor(
    GridStore store,
    UnitJudge judge,
    WorkScheduler scheduler,
    LeaseRenewals renewals,
    PipelineRunner runner,
    GridEvents events,
    IOptions<CoordinatorOptions> options,
    TimeProvider clock,
    ILogger<LeaseMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.LeaseSweepSeconds), clock);
        var resumed = false;
        do
        {
            try
            {
                if (!store.HoldsLease(PipelineRunner.LeaseSweeper))
                {
                    // Another coordinator on the shared database sweeps; this one writes the
                    // renewals its heartbeats left, and takes over the sweep if that one dies.
                    WriteRenewals();
                    resumed = false;
                    continue;
                }
                if (!resumed)
                {
                    // At start-up, or on taking over from a coordinator that died with its renewals.
                    ResumeLeases();
                    resumed = true;
                }
                Sweep(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store is unavailable (a full disk): the next tick tries again.
                LogSweepFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep: the renewals heartbeats left in memory, expired leases, then orphaned spot checks.</summary>
    public void Sweep(CancellationToken stoppingToken = default)
    {
        WriteRenewals();
        var expired = ExpireLeases(stoppingToken);
        if (expired > 0)
        {
            LogExpired(expired);
            events.Changed();
        }
        var skipped = SkipOrphanedSpotChecks(stoppingToken);
        if (skipped > 0)
        {
            LogSpotChecksSkipped(skipped);
            events.Changed();
        }
    }

    public void ResumeLeases()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = scheduler.Policy;
        store.Transaction(() =>
        {
            foreach (var replica in store.Replicas.InProgress().ToList())
            {
                replica.LeaseExpiryUtc = policy.RenewedExpiry(now, replica.DeadlineUtc > now ? replica.DeadlineUtc : now + policy.HeartbeatLease);
                store.SaveReplica(replica);
            }
        });
    }

    /// <summary>
    /// Writes the lease renewals heartbeats left in memory, in one transaction, so status views
    /// show current progress and a restart loses no more than a sweep's worth. Returns how many.
    /// </summary>
    public int WriteRenewals()
    {
        var pending = renewals.Pending();
        if (pending.Count == 0)
        {
            return 0;
        }
        store.Transaction(() =>
        {
            foreach (var (replicaId, renewal) in pending)
            {
                if (store.Replicas.FindById(replicaId) is { State: ReplicaState.InProgress } replica)
                {
                    replica.LeaseExpiryUtc = replica.LeaseExpiryUtc > renewal.ExpiryUtc ? replica.LeaseExpiryUtc : renewal.ExpiryUtc;
                    replica.Progress = renewal.Progress;
                    store.SaveRenewal(replica);
                }
            }
        });
        foreach (var (replicaId, renewal) in pending)
        {
            renewals.Written(replicaId, renewal);
        }
        return pending.Count;
    }

    /// <summary>Marks every lease past its expiry as timed out, one project at a time; returns how many.</summary>
    public int ExpireLeases(CancellationToken stoppingToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<IGrouping<string, string>> byProject;
        lock (store.Gate)
        {
            byProject = store.Replicas.InProgress().Where(r => r.LeaseExpiryUtc < now)
                .GroupBy(r => r.ProjectId, r => r.Id).ToList();
        }
        var count = 0;
        foreach (var replicas in byProject)
        {
            var expired = 0;
            runner.Run(PipelineRunner.LeaseSweeper, replicas.Key, () => expired = store.Transaction(() => replicas.Count(id => Expire(id, now))), stoppingToken);
            count += expired;
        }
        return count;
    }

    /// <summary>Times out one replica, if it is still in progress past its lease. Call inside a transaction.</summary>
    private bool Expire(string replicaId, DateTime now)
    {
        var replica = store.Replicas.FindById(replicaId);
        if (replica is not { State: ReplicaState.InProgress } || replica.LeaseExpiryUtc >= now || renewals.ExpiryOf(replicaId) >= now)
        {
            return false;   // a heartbeat or result came in since the sweep looked
        }
        replica.State = ReplicaState.TimedOut;
        replica.Message = replica.LeaseExpiryUtc >= replica.DeadlineUtc ? "missed the deadline" : "stopped heartbeating";
        store.SaveReplica(replica);
        store.Increment(OutcomeCounters.Timeouts);
        if (store.Hosts.FindById(replica.HostId) is { } host)
        {
            host.Timeouts++;
            host.ConsecutiveValid = 0;
            store.Hosts.Update(host);
        }
        var unit = store.Units.FindById(replica.UnitId);
        var project = store.Projects.FindById(replica.ProjectId);
        if (unit is not null && project is not null)
        {
            judge.LoseReplica(project, unit, replica);
        }
        return true;
    }

    /// <summary>
    /// Spot checks chosen while a trusted verifier could run them wait for one; when no verifier
    /// online can (none seen within the online window, or none with the memory the unit needs),
    /// they are dropped, their units staying verified by their quorums, so no project waits forever
    /// for a machine that is gone. Returns how many.
    /// </summary>
    public int SkipOrphanedSpotChecks(CancellationToken stoppingToken = default)
    {
        var onlineSince = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.Value.OnlineWindowSeconds);
        List<IGrouping<string, string>> byProject;
        lock (store.Gate)
        {
            // Most sweeps find nothing: a read through the index.
            if (!store.Units.AnyWithSpotCheck(SpotCheckState.Pending))
            {
                return 0;
            }
            var verifiers = SpotCheckEligibility.OnlineVerifiers(store, onlineSince);
            byProject = store.Units.WithSpotCheck(SpotCheckState.Pending)
                .Where(u => !verifiers.Any(v => SpotCheckEligibility.MayCheck(v, u)))
                .GroupBy(u => u.ProjectId, u => u.Id).ToList();
        }
        var count = 0;
        foreach (var units in byProject)
        {
            var skipped = 0;
            runner.Run(PipelineRunner.LeaseSweeper, units.Key, () => skipped = store.Transaction(() =>
            {
                var verifiers = SpotCheckEligibility.OnlineVerifiers(store, onlineSince);
                var orphaned = units.Select(id => store.Units.FindById(id)).OfType<UnitRecord>()
                    .Where(u => u.SpotCheck == SpotCheckState.Pending && !verifiers.Any(v => SpotCheckEligibility.MayCheck(v, u)))
                    .ToList();
                foreach (var unit in orphaned)
                {
                    unit.SpotCheck = SpotCheckState.None;
                    store.SaveUnit(unit);
                }
                if (orphaned.Count > 0 && store.Projects.FindById(units.Key) is { } project)
                {
                    judge.CompleteIfDone(project);
                }
                return orphaned.Count;
            }), stoppingToken);
            count += skipped;
        }
        return count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The lease sweep failed; the next one tries again")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} spot check(s) dropped: no trusted verifier online can run them")]
    private partial void LogSpotChecksSkipped(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} lease(s) expired; their units are offered again")]
    private partial void LogExpired(int count);
}
