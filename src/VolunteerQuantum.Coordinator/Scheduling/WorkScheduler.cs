using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Scheduling;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// Hands out replicas: the oldest project's first unit that still wants a replica and that this
/// host may take (memory, one replica per host and per owner). Also renews and releases leases.
/// </summary>
public sealed class WorkScheduler(GridStore store, IOptions<CoordinatorOptions> options, TimeProvider clock, GridEvents events)
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
    /// was last seen) and, unless it is paused, leases it one replica. The grant is null when
    /// nothing fits the host.
    /// </summary>
    public (HostRecord Host, LeaseGrant? Grant) Assign(string hostId, Action<HostRecord> refresh)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = Policy;
        HostRecord host = null!;
        var grant = store.Transaction(() =>
        {
            host = store.Hosts.FindById(hostId) ?? throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unauthenticated, "unknown host"));
            var before = (host.Cores, host.MemoryBytes, host.SimdWidthBits, host.AmplitudeUpdatesPerSecond, host.Os, host.DaemonVersion, host.PausedReason);
            refresh(host);
            // Written only when something changed or once in a while: a busy grid's hosts ask often.
            if (before != (host.Cores, host.MemoryBytes, host.SimdWidthBits, host.AmplitudeUpdatesPerSecond, host.Os, host.DaemonVersion, host.PausedReason)
                || now - host.LastSeenUtc > TimeSpan.FromSeconds(5))
            {
                host.LastSeenUtc = now;
                store.Hosts.Update(host);
            }
            if (!string.IsNullOrEmpty(host.PausedReason))
            {
                return null;
            }
            var profile = RecordMapping.ToProfile(host);
            if (Pick(host, profile) is not var (unit, project))
            {
                return null;
            }
            var spec = RecordMapping.ToSpec(unit);
            var deadline = policy.OverallDeadline(now, spec, profile);
            var upload = unit.WantsState && (unit.NeedsUpload || !unit.UploaderAssigned);
            var replica = new ReplicaRecord
            {
                Id = NewReplicaId(),
                UnitId = unit.Id,
                ProjectId = unit.ProjectId,
                HostId = host.Id,
                Owner = host.Owner,
                State = ReplicaState.InProgress,
                IssuedUtc = now,
                DeadlineUtc = deadline,
                LeaseExpiryUtc = policy.RenewedExpiry(now, deadline),
                UploadState = upload,
            };
            if (unit.WantsState && unit.SketchSeeds.Count == 0)
            {
                // Chosen only now, when the unit is first handed out, so nobody can know them in advance.
                unit.SketchSeeds = [.. Enumerable.Range(0, _options.SketchCount).Select(_ => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)))];
            }
            if (upload)
            {
                unit.UploaderAssigned = true;
                unit.NeedsUpload = false;
            }
            unit.InProgress++;
            unit.HostIds.Add(host.Id);
            unit.Owners.Add(host.Owner);
            UnitBookkeeping.Recount(unit);
            store.SaveUnit(unit);
            store.Replicas.Insert(replica);
            return new LeaseGrant(replica, unit, project);
        });
        if (grant is not null)
        {
            events.Changed();
        }
        return (host, grant);
    }

    /// <summary>
    /// The first unit in serving order that this host may take. Decided from the in-memory queue:
    /// only the unit chosen is read from the store. Call inside a transaction.
    /// </summary>
    private (UnitRecord Unit, ProjectRecord Project)? Pick(HostRecord host, HostProfile profile)
    {
        foreach (var candidate in store.OpenUnits.InOrder())
        {
            if (candidate.MemoryBytes > host.MemoryBytes
                || candidate.HostIds.Contains(host.Id)
                || (host.Owner.Length > 0 && candidate.Owners.Contains(host.Owner)))
            {
                continue;
            }
            var unit = store.Units.FindById(candidate.UnitId);
            var project = store.Projects.FindById(candidate.ProjectId);
            if (unit is null || project is null || project.State != ProjectState.Running || unit.State != UnitState.Active || unit.OpenSlots <= 0)
            {
                continue;
            }
            var holders = unit.HostIds.Select((id, i) => new HostProfile(id, i < unit.Owners.Count ? unit.Owners[i] : "", 0, 0));
            if (ReplicaPlacement.MayReceive(profile, RecordMapping.ToSpec(unit), holders))
            {
                return (unit, project);
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
        return store.Transaction(() =>
        {
            var replica = LeasedTo(hostId, replicaId);
            if (store.Hosts.FindById(hostId) is { } seen && (now - seen.LastSeenUtc > TimeSpan.FromSeconds(5) || seen.PausedReason != pausedReason))
            {
                seen.LastSeenUtc = now;
                seen.PausedReason = pausedReason;
                store.Hosts.Update(seen);
            }
            if (replica.State != ReplicaState.InProgress)
            {
                return (AbortReason(replica.State), replica.LeaseExpiryUtc);
            }
            var unit = store.Units.FindById(replica.UnitId);
            if (unit is null || unit.State != UnitState.Active)
            {
                replica.State = ReplicaState.Aborted;
                replica.Message = "unit no longer needs results";
                store.Replicas.Update(replica);
                if (unit is not null)
                {
                    UnitBookkeeping.ReplicaLost(unit, replica, countsAsLoss: false);
                    store.SaveUnit(unit);
                }
                return ("the unit no longer needs results", replica.LeaseExpiryUtc);
            }
            replica.LeaseExpiryUtc = policy.RenewedExpiry(now, replica.DeadlineUtc);
            replica.Progress = Math.Clamp(double.IsFinite(progress) ? progress : 0, 0, 1);
            // Every heartbeat of a resumed run repeats the value, so a new value means a new resume.
            if (resumedFromOperations > 0 && resumedFromOperations != replica.ResumedFromOperations)
            {
                replica.ResumedFromOperations = resumedFromOperations;
                replica.Resumes++;
                replica.Message = $"resumed from a checkpoint after {resumedFromOperations} fused operations";
            }
            store.Replicas.Update(replica);
            return ((string?)null, replica.LeaseExpiryUtc);
        });
    }

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
            store.Replicas.Update(replica);
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
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.PermissionDenied, $"replica '{replicaId}' is not leased to this host"));
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
