namespace VolunteerQuantum.Grid.Scheduling;

/// <summary>What the scheduler knows of a volunteer host when placing a replica.</summary>
public sealed record HostProfile(string HostId, string Owner, long MemoryBytes, double AmplitudeUpdatesPerSecond);
