using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Scheduling;

/// <summary>
/// Which host may take a replica of a unit (DESIGN.md): it must have the memory the unit needs, and
/// two replicas of one unit never go to the same host nor to two hosts of the same owner — an
/// owner with several machines must not be able to outvote everyone else with them.
/// </summary>
public static class ReplicaPlacement
{
    /// <param name="host">The host asking for work.</param>
    /// <param name="unit">The candidate unit.</param>
    /// <param name="holders">Hosts that already hold or returned a replica of the unit.</param>
    public static bool MayReceive(HostProfile host, WorkUnitSpec unit, IEnumerable<HostProfile> holders)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(holders);
        return host.MemoryBytes >= unit.MemoryBytes
            && !holders.Any(h => h.HostId == host.HostId || SameOwner(h, host));
    }

    private static bool SameOwner(HostProfile a, HostProfile b) =>
        !string.IsNullOrEmpty(a.Owner) && string.Equals(a.Owner, b.Owner, StringComparison.OrdinalIgnoreCase);
}
