namespace VolunteerQuantum.Volunteer.Reporting;

/// <summary>The last checkpoint the daemon wrote.</summary>
public sealed record CheckpointStatus
{
    public string ReplicaId { get; init; } = "";
    public int FusedOperationsDone { get; init; }
    public int FusedOperationsTotal { get; init; }
    public long Bytes { get; init; }
    public DateTime TimeUtc { get; init; }
}
