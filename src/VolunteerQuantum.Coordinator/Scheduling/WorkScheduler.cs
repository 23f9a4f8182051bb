using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;
using VolunteerQuantum.Grid.Scheduling;
using VolunteerQuantum.Coordinator.Errors;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// Hands out replicas. A host may take a unit if it has the memory, holds no replica of it, and no
/// host of its account (nor, off loopback, of its network) does. Among the eligible units nearest
/// the head of the queue it gets one at random, so hosts asking together rarely share a unit.
/// Trusted verifiers run spot checks first. Banned hosts, disabled accounts and hosts past their
/// daily quota get nothing. Also renews and releases leases.
/// </summary>
public sealed class WorkScheduler(GridStore store, IOptions<CoordinatorOptions> options, TimeProvider clock, GridEvents events, LeaseRenewals renewals)
{
    private readonly CoordinatorOptions _options = options.Value;

    public LeasePolicy Policy => new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(_options.HeartbeatIntervalSeconds),
        MissedHeartbeats = _options.MissedHeartbeats,
        MinimumDeadline = TimeSpan.FromSeconds(_options.MinimumDeadlineSeconds),
    };

    /// <summary>
    /// In one transaction: refreshes the host's record (its capabilities as just reported, when it
    /// was last seen) and, unless it is paused or refused, leases it one replica. The grant is null
    /// when nothing fits the host; the refusal says why the host may get nothing at all.
    /// </summary>
    public (HostRecord Host, LeaseGrant? Grant, string? Refusal) Assign(string hostId, Action<HostRecord> refresh)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = Policy;
        var (host, grant, refusal) = store.Transaction<(HostRecord, LeaseGrant?, string?)>(() =>
        {
            var host = store.Hosts.FindById(hostId) ?? throw new GridException(Errors.Refusal.Unauthenticated, "unknown host");
            var before = (host.Cores, host.MemoryBytes, host.SimdWidthBits, host.AmplitudeUpdatesPerSecond, host.Os, host.DaemonVersion, host.PausedReason, host.NetworkPrefix);
            refresh(host);
            var changed = before != (host.Cores, host.MemoryBytes, host.SimdWidthBits, host.AmplitudeUpdatesPerSecond, host.Os, host.DaemonVersion, host.PausedReason, host.NetworkPrefix);
            if (Refusal(host, now) is { } refusal)
            {
                Touch(host, now, changed);
                return (host, null, refusal);
            }
            if (!string.IsNullOrEmpty(host.PausedReason) || Pick(host) is not var (unit, project, spotCheck))
            {
                Touch(host, now, changed);
                return (host, null, null);
            }
            var spec = RecordMapping.ToSpec(unit);
            var deadline = policy.OverallDeadline(now, spec, RecordMapping.ToProfile(host));
            // A spot check of a state recomputes and uploads it: two uploads compare under every slot.
            var upload = unit.WantsState && (spotCheck || unit.NeedsUpload || !unit.UploaderAssigned);
            int slot = -1;
            if (unit.WantsState)
            {
                // Chosen only now, when the unit is first handed out, so nobody can know them in advance.
                SeedSlots.EnsurePool(unit, project.MinQuorum, _options.SketchCount);
                slot = spotCheck ? unit.AuditSlotIndex : SeedSlots.Issue(unit, _options.SketchCount);
            }
            var replica = new ReplicaRecord
            {
                Id = NewReplicaId(),
                UnitId = unit.Id,
                ProjectId = unit.ProjectId,
                HostId = host.Id,
                Owner = host.Owner,
                Network = host.NetworkPrefix,
                State = ReplicaState.InProgress,
                IssuedUtc = now,
                DeadlineUtc = deadline,
                LeaseExpiryUtc = policy.RenewedExpiry(now, deadline),
                UploadState = upload,
                SeedSlot = slot,
                SpotCheck = spotCheck,
            };
            if (spotCheck)
            {
                unit.SpotCheck = SpotCheckState.Running;
            }
            else
            {
                if (upload)
                {
                    unit.UploaderAssigned = true;
                    unit.NeedsUpload = false;
                }
                if (project.AdaptiveReplication && unit.HostIds.Count == 0 && unit.Lost == 0 && host.ConsecutiveValid >= _options.AdaptiveReplicationThreshold)
                {
                    // BOINC's adaptive replication: a host with a long valid record computes the
                    // unit alone; a spot check (at the project's rate) may still recompute it.
                    unit.SingleReplica = true;
                    unit.Wanted = 1;
                }
                unit.InProgress++;
            }
            unit.HostIds.Add(host.Id);
            unit.Owners.Add(host.Owner);
            unit.Networks.Add(host.NetworkPrefix);
            UnitBookkeeping.Recount(unit);
            store.SaveUnit(unit);
            store.Replicas.Insert(replica);
            store.Leases.Add(replica);
            host.IssuedToday++;
            Touch(host, now, changed: true);
            return (host, new LeaseGrant(replica, unit, project), null);
        });
        if (grant is not null)
        {
            events.Changed();
        }
        return (host, grant, refusal);
    }

    /// <summary>Why this host gets no work at all, or null. Rolls the daily quota over at midnight UTC.</summary>
    private string? Refusal(HostRecord host, DateTime now)
    {
        if (host.Banned)
        {
            return $"this host is banned: {host.BanReason}";
        }
        if (store.Accounts.FindById(host.Owner) is { Disabled: true } account)
        {
            return $"volunteer account '{account.Id}' is disabled: {account.DisabledReason}";
        }
        if (host.QuotaDay != now.Date)
        {
            host.QuotaDay = now.Date;
            host.IssuedToday = 0;
        }
        if (host.DailyQuota <= 0)
        {
            host.DailyQuota = _options.DailyResultQuota;
        }
        // The operator's own verifiers are not rationed.
        return host.IssuedToday >= host.DailyQuota && !host.TrustedVerifier
            ? $"this host has had its {host.DailyQuota} replicas for today (the quota halves after each invalid result and recovers with valid ones); more at 00:00 UTC"
            : null;
    }

    /// <summary>Persists the host's record when something changed or once in a while: a busy grid's hosts ask often.</summary>
    private void Touch(HostRecord host, DateTime now, bool changed)
    {
        if (changed || now - host.LastSeenUtc > TimeSpan.FromSeconds(5))
        {
            host.LastSeenUtc = now;
            store.Hosts.Update(host);
        }
    }

    /// <summary>
    /// A trusted verifier's spot check, else a unit chosen at random among the first
    /// <see cref="CoordinatorOptions.AssignmentWindow"/> this host may take. Decided from the
    /// in-memory queue: only the unit chosen is read from the store. Call inside a transaction.
    /// </summary>
    private (UnitRecord Unit, ProjectRecord Project, bool SpotCheck)? Pick(HostRecord host)
    {
        if (host.TrustedVerifier && PickSpotCheck(host) is var (checkedUnit, checkedProject))
        {
            return (checkedUnit, checkedProject, true);
        }
        var profile = RecordMapping.ToProfile(host);
        var eligible = new List<OpenUnitIndex.Entry>(_options.AssignmentWindow);
        foreach (var candidate in store.OpenUnits.InOrder())
        {
            if (ReplicaPlacement.MayReceive(profile, candidate.MemoryBytes, candidate.Holders, _options.SeparateNetworks))
            {
                eligible.Add(candidate);
                if (eligible.Count >= Math.Max(1, _options.AssignmentWindow))
                {
                    break;
                }
            }
        }
        while (eligible.Count > 0)
        {
            var at = RandomNumberGenerator.GetInt32(eligible.Count);
            var candidate = eligible[at];
            eligible.RemoveAt(at);
            var unit = store.Units.FindById(candidate.UnitId);
            var project = store.Projects.FindById(candidate.ProjectId);
            if (unit is not null && project is not null && project.State == ProjectState.Running && unit.State == UnitState.Active && unit.OpenSlots > 0)
            {
                return (unit, project, false);
            }
        }
        return null;
    }

    /// <summary>
    /// A unit to recompute: a chosen spot check first, else (an idle verifier checks more than the
    /// configured fraction) any verified, unchecked unit of a running project, at random. Only units
    /// whose result is still to be delivered: for shards, the current stage before it advances.
    /// </summary>
    private (UnitRecord Unit, ProjectRecord Project)? PickSpotCheck(HostRecord host)
    {
        var running = store.Projects.Running().Where(p => !p.AdvancePending && !p.AssimilatePending).ToList();
        foreach (var state in new[] { SpotCheckState.Pending, SpotCheckState.None })
        {
            var units = running.SelectMany(p => store.Units.VerifiedOf(p.Id).Where(u => u.SpotCheck == state)
                .Where(u => p.Strategy != Grid.Projects.SlicingStrategy.Shards || u.Stage == p.CurrentStage)
                .Select(u => (Unit: u, Project: p)))
                .Where(c => SpotCheckEligibility.MayCheck(host, c.Unit))
                .ToList();
            if (units.Count > 0)
            {
                return units[RandomNumberGenerator.GetInt32(units.Count)];
            }
        }
        return null;
    }

    /// <summary>
    /// Renews the lease of a replica the host holds; returns why it should stop, or null to go on.
    /// Also records what the volunteer says about it: that it resumed the replica from a checkpoint
    /// (<paramref name="resumedFromOperations"/> &gt; 0), and why it has suspended it (the host shows as paused).
    /// </summary>
    public (string? AbortReason, DateTime LeaseExpiry) Heartbeat(string hostId, string replicaId, double progress, long resumedFromOperations = 0, string pausedReason = "")
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = Policy;
        progress = Math.Clamp(double.IsFinite(progress) ? progress : 0, 0, 1);
        // The ordinary heartbeat (the lease wanted, the host seen lately, nothing new to record)
        // reads nothing: what it needs is in memory, and its renewal waits there for the sweeper's
        // next write. Missing from memory, it reads the store; anything else takes the transaction.
        var recent = _presence.TryGetValue(hostId, out var seen) && now - seen.LastSeenUtc <= PresenceRefresh && seen.PausedReason == pausedReason;
        if (recent && store.Leases.TryGet(replicaId, out var lease) && lease.HostId == hostId
            && (resumedFromOperations <= 0 || resumedFromOperations == lease.ResumedFromOperations))
        {
            return (null, Renew(policy, replicaId, now, lease.DeadlineUtc, progress));
        }
        lock (store.Gate)
        {
            var replica = LeasedTo(hostId, replicaId);
            if (recent && replica.State == ReplicaState.InProgress
                && (resumedFromOperations <= 0 || resumedFromOperations == replica.ResumedFromOperations)
                && Wanted(replica, store.Units.FindById(replica.UnitId), hostId))
            {
                store.Leases.Add(replica);
                return (null, Renew(policy, replicaId, now, replica.DeadlineUtc, progress));
            }
        }
        var answer = store.Transaction(() =>
        {
            var replica = LeasedTo(hostId, replicaId);
            if (store.Hosts.FindById(hostId) is { } host && (now - host.LastSeenUtc > PresenceRefresh || host.PausedReason != pausedReason))
            {
                host.LastSeenUtc = now;
                host.PausedReason = pausedReason;
                store.Hosts.Update(host);
            }
            if (replica.State != ReplicaState.InProgress)
            {
                return (AbortReason(replica.State), replica.LeaseExpiryUtc);
            }
            var unit = store.Units.FindById(replica.UnitId);
            if (!Wanted(replica, unit, hostId))
            {
                replica.State = ReplicaState.Aborted;
                replica.Message = "unit no longer needs results";
                store.SaveReplica(replica);
                if (unit is not null)
                {
                    UnitBookkeeping.ReplicaLost(unit, replica, countsAsLoss: false);
                    store.SaveUnit(unit);
                }
                return ("the unit no longer needs results", replica.LeaseExpiryUtc);
            }
            replica.LeaseExpiryUtc = policy.RenewedExpiry(now, replica.DeadlineUtc);
            replica.Progress = progress;
            // Every heartbeat of a resumed run repeats the value, so a new value means a new resume.
            if (resumedFromOperations > 0 && resumedFromOperations != replica.ResumedFromOperations)
            {
                replica.ResumedFromOperations = resumedFromOperations;
                replica.Resumes++;
                replica.Message = $"resumed from a checkpoint after {resumedFromOperations} fused operations";
            }
            store.SaveReplica(replica);
            store.Leases.Add(replica);
            return ((string?)null, replica.LeaseExpiryUtc);
        });
        _presence[hostId] = (now, pausedReason);
        return answer;
    }

    /// <summary>How often a host's record is written to say it was seen (and how stale the memory of it may be).</summary>
    private static readonly TimeSpan PresenceRefresh = TimeSpan.FromSeconds(5);

    /// <summary>When each host was last written as seen, with its pause reason: what spares ordinary heartbeats the host's record.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime LastSeenUtc, string PausedReason)> _presence = new(StringComparer.Ordinal);

    private DateTime Renew(LeasePolicy policy, string replicaId, DateTime now, DateTime deadlineUtc, double progress)
    {
        var expiry = policy.RenewedExpiry(now, deadlineUtc);
        renewals.Renew(replicaId, expiry, progress);
        return expiry;
    }

    /// <summary>Whether the replica's unit still wants its result (a spot check: while the check is still wanted from this verifier).</summary>
    private bool Wanted(ReplicaRecord replica, UnitRecord? unit, string hostId) =>
        unit is not null && (replica.SpotCheck
            ? unit.State == UnitState.Verified && unit.SpotCheck == SpotCheckState.Running && SpotCheckEligibility.IsTrusted(store, hostId)
            : unit.State == UnitState.Active);

    /// <summary>The host gives a lease back (clean shutdown): the unit is offered to others at once.</summary>
    public void Release(string hostId, string replicaId, string reason)
    {
        store.Transaction(() =>
        {
            var replica = LeasedTo(hostId, replicaId);
            if (replica.State != ReplicaState.InProgress)
            {
                return;
            }
            replica.State = ReplicaState.Released;
            replica.Message = string.IsNullOrWhiteSpace(reason) ? "released by the volunteer" : reason;
            store.SaveReplica(replica);
            if (store.Units.FindById(replica.UnitId) is { } unit)
            {
                UnitBookkeeping.ReplicaLost(unit, replica, countsAsLoss: false);
                store.SaveUnit(unit);
            }
        });
        events.Changed();
    }

    /// <summary>The replica, if it exists and was leased to this host; else PermissionDenied and nothing changes.</summary>
    public ReplicaRecord LeasedTo(string hostId, string replicaId)
    {
        var replica = string.IsNullOrEmpty(replicaId) ? null : store.Replicas.FindById(replicaId);
        if (replica is null || replica.HostId != hostId)
        {
            throw new GridException(Errors.Refusal.PermissionDenied, $"replica '{replicaId}' is not leased to this host");
        }
        return replica;
    }

    private static string AbortReason(ReplicaState state) => state switch
    {
        ReplicaState.TimedOut => "the lease expired and the unit was offered to another volunteer",
        ReplicaState.Aborted => "the unit no longer needs results",
        ReplicaState.Released => "the lease was released",
        _ => $"the replica is already {state.ToString().ToLowerInvariant()}",
    };

    private static string NewReplicaId() => "r" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
