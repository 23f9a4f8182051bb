using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>
/// Keeps a unit's replica counters consistent: every replica state change goes through here, so
/// <see cref="UnitRecord.OpenSlots"/> (what the scheduler looks for) is always
/// Wanted − InProgress − Returned for an active unit (at most one, with none in progress, when its
/// replicas go out one at a time) and 0 otherwise.
/// </summary>
public static class UnitBookkeeping
{
    public static void Recount(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var wanted = Math.Max(0, unit.Wanted - unit.InProgress - unit.Returned);
        unit.OpenSlots = unit.State != UnitState.Active ? 0
            : unit.OneAtATime ? (unit.InProgress == 0 ? Math.Min(1, wanted) : 0)
            : wanted;
    }

    /// <summary>A leased replica stopped without a usable result (error, timeout, release, rejection).</summary>
    public static void ReplicaLost(UnitRecord unit, ReplicaRecord replica, bool countsAsLoss)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(replica);
        if (replica.SpotCheck)
        {
            // A spot check is not one of the unit's replicas: it waits for another trusted verifier.
            if (unit.SpotCheck == SpotCheckState.Running)
            {
                unit.SpotCheck = SpotCheckState.Pending;
            }
            unit.HostIds.Remove(replica.HostId);
            unit.Owners.Remove(replica.Owner);
            unit.Networks.Remove(replica.Network);
            return;
        }
        unit.InProgress = Math.Max(0, unit.InProgress - 1);
        if (unit.SingleReplica)
        {
            // The trusted host that was to compute it alone is gone: back to a full quorum.
            unit.SingleReplica = false;
            unit.Wanted = Math.Max(unit.Wanted, unit.MinQuorum);
        }
        if (countsAsLoss)
        {
            unit.Lost++;
        }
        if (replica.UploadState)
        {
            unit.UploaderAssigned = false;
        }
        // The host may try this unit again later, unless it returned something for it. One that
        // reported an error is not offered the unit again either: otherwise a single host could
        // fail any unit (and its project) by erroring on it MaxLostReplicas times.
        if (replica.State is ReplicaState.Released or ReplicaState.TimedOut)
        {
            unit.HostIds.Remove(replica.HostId);
            unit.Owners.Remove(replica.Owner);
            unit.Networks.Remove(replica.Network);
        }
        Recount(unit);
    }

    public static void ReplicaReturned(UnitRecord unit, ReplicaRecord replica)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(replica);
        if (replica.SpotCheck)
        {
            return;
        }
        unit.InProgress = Math.Max(0, unit.InProgress - 1);
        unit.Returned++;
        Recount(unit);
    }
}
