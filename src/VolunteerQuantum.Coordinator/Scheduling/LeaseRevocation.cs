using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// Takes back the open leases of hosts the operator no longer trusts (banned, or of a disabled
/// account): their replicas are aborted, their next heartbeat is told so, and their units are
/// offered to others at once. Call inside a transaction.
/// </summary>
public static class LeaseRevocation
{
    public static int AbortLeasesOf(GridStore store, IReadOnlyCollection<string> hostIds, string reason)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hostIds);
        var aborted = 0;
        foreach (var hostId in hostIds)
        {
            foreach (var replica in store.Replicas.InProgressOfHost(hostId).ToList())
            {
                replica.State = ReplicaState.Aborted;
                replica.Message = reason;
                store.SaveReplica(replica);
                if (store.Units.FindById(replica.UnitId) is { } unit)
                {
                    UnitBookkeeping.ReplicaLost(unit, replica, countsAsLoss: false);
                    store.SaveUnit(unit);
                }
                aborted++;
            }
        }
        return aborted;
    }
}
