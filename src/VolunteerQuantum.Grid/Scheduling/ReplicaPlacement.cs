namespace VolunteerQuantum.Grid.Scheduling;

/// <summary>
/// Which host may take a replica of a unit (DESIGN.md): it must have the memory the unit needs, and
/// two replicas of one unit never go to the same host, nor to two hosts of one account (an owner
/// with several machines must not outvote everyone else with them), nor, when networks are kept
/// apart, to two hosts of one network. Accounts are the operator's, never names hosts declare.
/// </summary>
public static class ReplicaPlacement
{
    /// <param name="host">The host asking for work.</param>
    /// <param name="unitMemoryBytes">Memory the unit needs.</param>
    /// <param name="holders">Hosts, accounts and networks that already hold or returned a replica of the unit.</param>
    /// <param name="separateNetworks">Whether one network may hold only one replica ("" is no network: loopback).</param>
    public static bool MayReceive(HostProfile host, long unitMemoryBytes, UnitHolders holders, bool separateNetworks)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(holders);
        return host.MemoryBytes >= unitMemoryBytes
            && !holders.HostIds.Contains(host.HostId)
            && !holders.Owners.Contains(host.Owner)
            && !(separateNetworks && host.Network.Length > 0 && holders.Networks.Contains(host.Network));
    }
}
