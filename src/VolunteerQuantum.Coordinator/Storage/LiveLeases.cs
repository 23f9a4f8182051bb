using System.Collections.Concurrent;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// What an ordinary heartbeat needs to know of the leases that are wanted right now (a replica in
/// progress whose unit is active; not spot checks), kept in memory so the heartbeat reads nothing
/// from the store. A cache beside the store, never the truth: entries are added only where the
/// lease was just seen wanted, and dropped whenever the store changes the replica, changes the
/// unit to anything but active, or rolls a transaction back. A lease missing here takes the
/// heartbeat's store path, which adds it again.
/// </summary>
public sealed class LiveLeases
{
    public sealed record Lease(string HostId, string UnitId, DateTime DeadlineUtc, long ResumedFromOperations);

    private readonly ConcurrentDictionary<string, Lease> _byReplica = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUnit = new(StringComparer.Ordinal);

    public int Count => _byReplica.Count;

    public bool TryGet(string replicaId, out Lease lease) => _byReplica.TryGetValue(replicaId, out lease!);

    /// <summary>A replica seen in progress, its unit active. Call under the store's gate.</summary>
    public void Add(ReplicaRecord replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        if (replica.State != ReplicaState.InProgress || replica.SpotCheck)
        {
            Forget(replica.Id);
            return;
        }
        _byReplica[replica.Id] = new Lease(replica.HostId, replica.UnitId, replica.DeadlineUtc, replica.ResumedFromOperations);
        _byUnit.GetOrAdd(replica.UnitId, _ => new(StringComparer.Ordinal))[replica.Id] = 0;
    }

    /// <summary>The store changed this replica: what is cached of it may be stale.</summary>
    public void Forget(string replicaId)
    {
        if (_byReplica.TryRemove(replicaId, out var lease) && _byUnit.TryGetValue(lease.UnitId, out var replicas))
        {
            replicas.TryRemove(replicaId, out _);
        }
    }

    /// <summary>The store changed this unit: a unit no longer active wants none of its leases.</summary>
    public void UnitChanged(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.State == UnitState.Active || !_byUnit.TryRemove(unit.Id, out var replicas))
        {
            return;
        }
        foreach (var replicaId in replicas.Keys)
        {
            _byReplica.TryRemove(replicaId, out _);
        }
    }

    public void Clear()
    {
        _byReplica.Clear();
        _byUnit.Clear();
    }
}
