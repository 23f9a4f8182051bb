using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// Expires leases whose volunteer stopped heartbeating, so their units are re-issued. At start-up
/// it first gives every open lease a fresh heartbeat period: volunteers kept computing while the
/// coordinator was down, and must not lose their work for its absence. It also drops spot checks
/// that no trusted verifier is left to run.
/// </summary>
public sealed partial class LeaseMonitor(
    GridStore store,
    UnitJudge judge,
    WorkScheduler scheduler,
    GridEvents events,
    IOptions<CoordinatorOptions> options,
    TimeProvider clock,
    ILogger<LeaseMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ResumeLeases();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.LeaseSweepSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var expired = ExpireLeases();
            if (expired > 0)
            {
                LogExpired(expired);
                events.Changed();
            }
            var skipped = SkipOrphanedSpotChecks();
            if (skipped > 0)
            {
                LogSpotChecksSkipped(skipped);
                events.Changed();
            }
        }
    }

    public void ResumeLeases()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = scheduler.Policy;
        store.Transaction(() =>
        {
            foreach (var replica in store.Replicas.Find(r => r.State == ReplicaState.InProgress).ToList())
            {
                replica.LeaseExpiryUtc = policy.RenewedExpiry(now, replica.DeadlineUtc > now ? replica.DeadlineUtc : now + policy.HeartbeatLease);
                store.Replicas.Update(replica);
            }
        });
    }

    /// <summary>Marks every lease past its expiry as timed out; returns how many.</summary>
    public int ExpireLeases()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return store.Transaction(() =>
        {
            var expired = store.Replicas.Find(r => r.State == ReplicaState.InProgress && r.LeaseExpiryUtc < now).ToList();
            foreach (var replica in expired)
            {
                replica.State = ReplicaState.TimedOut;
                replica.Message = replica.LeaseExpiryUtc >= replica.DeadlineUtc ? "missed the deadline" : "stopped heartbeating";
                store.Replicas.Update(replica);
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
            }
            return expired.Count;
        });
    }

    /// <summary>
    /// Spot checks chosen while a trusted verifier could run them wait for one; when no verifier
    /// online can (none seen within the online window, or none with the memory the unit needs),
    /// they are dropped, their units staying verified by their quorums, so no project waits forever
    /// for a machine that is gone. Returns how many.
    /// </summary>
    public int SkipOrphanedSpotChecks()
    {
        var onlineSince = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.Value.OnlineWindowSeconds);
        // Most sweeps find nothing: a read through the index, no transaction.
        if (!store.Units.Exists(u => u.SpotCheck == SpotCheckState.Pending))
        {
            return 0;
        }
        return store.Transaction(() =>
        {
            var waiting = store.Units.Find(u => u.SpotCheck == SpotCheckState.Pending).ToList();
            if (waiting.Count == 0)
            {
                return 0;
            }
            var verifiers = SpotCheckEligibility.OnlineVerifiers(store, onlineSince);
            var orphaned = waiting.Where(u => !verifiers.Any(v => SpotCheckEligibility.MayCheck(v, u))).ToList();
            foreach (var unit in orphaned)
            {
                unit.SpotCheck = SpotCheckState.None;
                store.SaveUnit(unit);
            }
            foreach (var projectId in orphaned.Select(u => u.ProjectId).Distinct())
            {
                if (store.Projects.FindById(projectId) is { } project)
                {
                    judge.CompleteIfDone(project);
                }
            }
            return orphaned.Count;
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} spot check(s) dropped: no trusted verifier online can run them")]
    private partial void LogSpotChecksSkipped(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} lease(s) expired; their units are offered again")]
    private partial void LogExpired(int count);
}
