namespace VolunteerQuantum.Grid.Scheduling;

/// <summary>What the scheduler knows of a volunteer host when placing a replica.</summary>
/// <param name="Owner">The host's account (from its enrollment token).</param>
/// <param name="Network">The network it calls from ("" for loopback).</param>
public sealed record HostProfile(string HostId, string Owner, long MemoryBytes, double AmplitudeUpdatesPerSecond, string Network = "");
