using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Planning;
using VolunteerQuantum.Grid.Scheduling;

namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>
/// Why a running project has nothing computing, from what volunteers report (registrations, work
/// requests and heartbeats carry their memory and their computing policy's pause reason) and the
/// scheduler's own placement rules. Checked in the order a person would fix things: no volunteer
/// at all, none connected, none with the memory, all paused, none allowed to take the remaining
/// units, all busy elsewhere. Null while some replica computes, or when nothing is wanted of
/// volunteers (the pipeline is verifying or assembling the result).
/// </summary>
public static class StallDiagnosis
{
    /// <param name="replicaHosts">The hosts of the project's replicas in progress (spot checks aside).</param>
    /// <param name="openUnits">The project's units that want replicas, in the order they are served.</param>
    public static ProjectStall? Diagnose(IReadOnlyCollection<string> replicaHosts, IReadOnlyCollection<OpenUnitIndex.Entry> openUnits, int minQuorum, GridFacts grid)
    {
        ArgumentNullException.ThrowIfNull(replicaHosts);
        ArgumentNullException.ThrowIfNull(openUnits);
        ArgumentNullException.ThrowIfNull(grid);
        var hosts = grid.Hosts.ToDictionary(h => h.Id, StringComparer.Ordinal);
        // A replica on a host the store no longer knows is not this monitor's to judge: say nothing.
        var holders = replicaHosts.Select(id => hosts.GetValueOrDefault(id)).ToList();
        if (holders.Any(h => h is null || !h.Paused))
        {
            return null;
        }
        var suspended = holders.OfType<HostFacts>().DistinctBy(h => h.Id).ToList();
        if (suspended.Count == 0 && openUnits.Count == 0)
        {
            return null;
        }
        var registered = grid.Hosts.Count;
        if (registered == 0)
        {
            return new ProjectStall(StallKind.NoVolunteers,
                "no volunteer has registered with this grid: start one (vq volunteer --coordinator ADDRESS --enroll TOKEN)");
        }
        var since = grid.NowUtc - grid.OnlineWindow;
        var online = grid.Hosts.Where(h => h.LastSeenUtc >= since).ToList();
        if (online.Count == 0 && suspended.Count == 0)
        {
            var last = grid.Hosts.Max(h => h.LastSeenUtc);
            return new ProjectStall(StallKind.NoneConnected,
                $"none of the {registered} registered volunteer(s) has called the coordinator in the last {Duration(grid.OnlineWindow)} (last seen {Duration(grid.NowUtc - last)} ago): check that their daemons are running and can reach it")
            {
                HostsRegistered = registered,
                LastSeenUtc = last,
            };
        }
        var fitting = online.Where(h => openUnits.Any(u => h.MemoryBytes >= u.MemoryBytes)).ToList();
        if (suspended.Count == 0 && fitting.Count == 0)
        {
            var needed = openUnits.Min(u => u.MemoryBytes);
            var largest = online.Max(h => h.MemoryBytes);
            return new ProjectStall(StallKind.NotEnoughMemory,
                $"no connected volunteer lends the memory the next unit needs: it needs {ProjectPlanner.Bytes(needed)}, the largest of the {online.Count} connected volunteer(s) lends {ProjectPlanner.Bytes(largest)}; add a volunteer with more memory (or let one lend more), or split the state (the shards strategy with a smaller maximum unit memory)")
            {
                MemoryNeededBytes = needed,
                LargestHostMemoryBytes = largest,
                HostsRegistered = registered,
                HostsConnected = online.Count,
            };
        }
        var free = fitting.Where(h => !h.Paused).ToList();
        var eligible = free.Where(h => openUnits.Any(u => ReplicaPlacement.MayReceive(new HostProfile(h.Id, h.Owner, h.MemoryBytes, 0, h.Network), u.MemoryBytes, u.Holders, grid.SeparateNetworks))).ToList();
        if (eligible.Count == 0 && (suspended.Count > 0 || free.Count == 0))
        {
            // Everyone who could move the project on (its suspended replicas' hosts, the connected
            // hosts with the memory for a unit) is paused.
            var paused = suspended.Concat(fitting).Where(h => h.Paused).DistinctBy(h => h.Id).ToList();
            var pauses = paused.GroupBy(h => h.PausedReason, StringComparer.Ordinal)
                .Select(g => (Reason: g.Key, Hosts: g.Count()))
                .OrderByDescending(p => p.Hosts).ThenBy(p => p.Reason, StringComparer.Ordinal)
                .ToList();
            var running = suspended.Count > 0 ? $" ({holders.Count} replica(s) suspended)" : "";
            return new ProjectStall(StallKind.AllPaused,
                $"all {paused.Count} volunteer(s) that could compute it are paused by their computing policy{running}: {string.Join("; ", pauses.Select(p => $"{p.Reason} ({p.Hosts})"))}")
            {
                Pauses = pauses,
                HostsRegistered = registered,
                HostsConnected = online.Count,
            };
        }
        if (eligible.Count == 0)
        {
            return new ProjectStall(StallKind.NoEligibleVolunteer,
                $"none of the {free.Count} connected volunteer(s) with the memory may take a replica of the remaining units: each already computed one, or shares an account (or a network) with a host that did; a quorum of {minQuorum} needs {minQuorum} volunteers of different accounts")
            {
                HostsRegistered = registered,
                HostsConnected = online.Count,
            };
        }
        if (eligible.All(h => grid.BusyHosts.Contains(h.Id)))
        {
            return new ProjectStall(StallKind.VolunteersBusy,
                $"all {eligible.Count} volunteer(s) that could take its units are computing other projects' units; its units go out as those finish")
            {
                HostsRegistered = registered,
                HostsConnected = online.Count,
            };
        }
        // An idle volunteer may take a unit: it will at its next request.
        return null;
    }

    private static string Duration(TimeSpan t) => t.TotalSeconds < 120 ? $"{Math.Max(0, t.TotalSeconds):0} s"
        : t.TotalMinutes < 120 ? $"{t.TotalMinutes:0} min"
        : t.TotalHours < 48 ? $"{t.TotalHours:0} h"
        : $"{t.TotalDays:0} days";
}
