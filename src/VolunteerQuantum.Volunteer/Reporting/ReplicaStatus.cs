namespace VolunteerQuantum.Volunteer.Reporting;

/// <summary>The replica the daemon holds.</summary>
public sealed record ReplicaStatus
{
    public string ReplicaId { get; init; } = "";
    public string UnitId { get; init; } = "";
    public string ProjectId { get; init; } = "";

    /// <summary>Fraction of the unit's fused operations done, 0..1.</summary>
    public double Progress { get; init; }

    /// <summary>Fused operations the current run skipped thanks to a checkpoint (0: started from zero).</summary>
    public long ResumedFromOperations { get; init; }

    public DateTime StartedUtc { get; init; }
}
