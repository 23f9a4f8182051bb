namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A registered volunteer host and its reliability record.</summary>
public sealed class HostRecord
{
    public string Id { get; set; } = "";
    /// <summary>SHA-256 of the host secret (the secret itself is never stored).</summary>
    public string SecretHash { get; set; } = "";
    public string Owner { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime RegisteredUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    // Capabilities, as last reported.
    public int Cores { get; set; }
    public long MemoryBytes { get; set; }
    public int SimdWidthBits { get; set; }
    public double AmplitudeUpdatesPerSecond { get; set; }
    public string Os { get; set; } = "";
    public string DaemonVersion { get; set; } = "";
    public string PausedReason { get; set; } = "";

    // Reliability record.
    public int Valid { get; set; }
    public int Invalid { get; set; }
    public int Errors { get; set; }
    public int Timeouts { get; set; }
    public int ConsecutiveValid { get; set; }
}
