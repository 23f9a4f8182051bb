namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>The grid as one progress sample saw it: its hosts, which of them hold any replica, and the rules of placement.</summary>
public sealed record GridFacts(
    IReadOnlyList<HostFacts> Hosts,
    IReadOnlySet<string> BusyHosts,
    DateTime NowUtc,
    TimeSpan OnlineWindow,
    bool SeparateNetworks);
