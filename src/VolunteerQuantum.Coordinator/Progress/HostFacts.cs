namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>What the progress monitor copies of a host under the store's lock, to judge stalls outside it.</summary>
public sealed record HostFacts(string Id, string Owner, string Network, long MemoryBytes, string PausedReason, DateTime LastSeenUtc)
{
    public bool Paused => PausedReason.Length > 0;
}
