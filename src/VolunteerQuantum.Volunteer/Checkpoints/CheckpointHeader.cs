namespace VolunteerQuantum.Volunteer.Checkpoints;

/// <summary>What a checkpoint file says about itself (stored as JSON ahead of the state).</summary>
public sealed record CheckpointHeader
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    /// <summary>The grid the replica was leased from: a checkpoint is worthless to another coordinator.</summary>
    public string Coordinator { get; init; } = "";

    public string ReplicaId { get; init; } = "";
    public string UnitId { get; init; } = "";
    public string ProjectId { get; init; } = "";

    /// <summary>The lease's expiry when the replica was leased (heartbeats extend it; the coordinator has the last word).</summary>
    public DateTime LeaseExpiryUtc { get; init; }

    /// <summary>"double" or "single".</summary>
    public string Precision { get; init; } = "double";

    public int Qubits { get; init; }
    public int FusedOperationsDone { get; init; }
    public int FusedOperationsTotal { get; init; }

    /// <summary>SHA-256 of the circuit's source, as the coordinator named its blob.</summary>
    public string CircuitSha256 { get; init; } = "";

    /// <summary>The daemon that wrote it: fusion may differ between versions, so only the same version resumes.</summary>
    public string DaemonVersion { get; init; } = "";

    public DateTime CreatedUtc { get; init; }

    /// <summary>
    /// SHA-256 of the assignment bytes, so the assignment can be trusted on its own: a checkpoint
    /// whose state is damaged still tells which replica to compute from zero while its lease holds.
    /// </summary>
    public string AssignmentSha256 { get; init; } = "";

    /// <summary>Bytes of state that follow (2^qubits amplitudes, little-endian interleaved re/im).</summary>
    public long StateBytes { get; init; }
}
