namespace VolunteerQuantum.Volunteer.Reporting;

/// <summary>The daemon's state as written to status.json in its data directory (no secrets: anyone on the machine may read it).</summary>
public sealed record VolunteerStatus
{
    public VolunteerState State { get; init; } = VolunteerState.Starting;

    /// <summary>Why the daemon does not compute ("" unless paused).</summary>
    public string PausedReason { get; init; } = "";

    public string Coordinator { get; init; } = "";
    public string HostId { get; init; } = "";
    public string DataDirectory { get; init; } = "";
    public ReplicaStatus? Replica { get; init; }
    public CheckpointStatus? LastCheckpoint { get; init; }

    /// <summary>Threads and memory the computing policy lends right now.</summary>
    public int Threads { get; init; }
    public long MemoryBytes { get; init; }

    /// <summary>Readings the policy has to do without, and what it does instead.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Replicas this process has completed.</summary>
    public int Completed { get; init; }

    public int ProcessId { get; init; }
    public DateTime UpdatedUtc { get; init; }
}
