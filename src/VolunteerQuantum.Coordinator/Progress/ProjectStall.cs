namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>Why nothing of a project is computed right now, with the figures behind the sentence.</summary>
public sealed record ProjectStall(StallKind Kind, string Message)
{
    /// <summary>AllPaused: each reason the volunteers gave, and how many gave it (most first).</summary>
    public IReadOnlyList<(string Reason, int Hosts)> Pauses { get; init; } = [];

    public long MemoryNeededBytes { get; init; }

    public long LargestHostMemoryBytes { get; init; }

    public int HostsRegistered { get; init; }

    public int HostsConnected { get; init; }

    /// <summary>When any volunteer last called (NoneConnected).</summary>
    public DateTime? LastSeenUtc { get; init; }
}
