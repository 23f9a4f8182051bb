namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A project as stored in LiteDB's "projects" collection.</summary>
public sealed class ProjectRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public ProjectState State { get; set; }
    public string? FailureReason { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>The project's place in serving order (units' priorities start from it).</summary>
    public long Sequence { get; set; }
    public DateTime? FinishedUtc { get; set; }

    // What was asked for.
    public string FileName { get; set; } = "";
    public string CircuitBlob { get; set; } = "";
    public long CircuitLength { get; set; }
    /// <summary>The noise model's JSON text (a blob, like the circuit) and its file name; null: an ideal project.</summary>
    public string? NoiseBlob { get; set; }
    public long NoiseLength { get; set; }
    public string? NoiseFileName { get; set; }
    /// <summary>Trajectories of a noisy project (0: ideal).</summary>
    public long Trajectories { get; set; }
    public long Shots { get; set; }
    public ulong Seed { get; set; }
    public bool SinglePrecision { get; set; }
    public bool ReturnState { get; set; }
    public List<string> Amplitudes { get; set; } = [];
    public List<string> Observables { get; set; } = [];
    public Dictionary<string, double> ObservableWeights { get; set; } = [];
    public int MinQuorum { get; set; }
    public int MaxReplicas { get; set; }
    /// <summary>The researcher account that submitted it: only it (and admins) may see or cancel it.</summary>
    public string Owner { get; set; } = "";
    /// <summary>Opt-in: hosts with a long valid record may compute units alone (BOINC's adaptive replication).</summary>
    public bool AdaptiveReplication { get; set; }
    /// <summary>Probability that a unit computed alone is spot-checked by a trusted verifier.</summary>
    public double AdaptiveSpotCheckFraction { get; set; }

    // The plan.
    /// <summary>Stored in lower case ("shards"), as before it was an enum (GridStore registers the mapping).</summary>
    public Grid.Projects.SlicingStrategy Strategy { get; set; }
    public string PlanDescription { get; set; } = "";
    public long MemoryPerUnit { get; set; }
    public int Qubits { get; set; }
    public int Clbits { get; set; }
    public int Gates { get; set; }
    public List<int> KeyGroupSizes { get; set; } = [];
    /// <summary>Parameter points (their values live in the units, so this document stays small).</summary>
    public int PointCount { get; set; }
    public bool Swept { get; set; }
    public List<string> Warnings { get; set; } = [];

    // Progress.
    public int UnitsTotal { get; set; }
    public int UnitsVerified { get; set; }
    public int UnitsFailed { get; set; }

    // Shards: the plan (a JSON blob naming each stage's program), the stage running now, and the
    // shards between stages (a JSON blob: each shard's blob and norm²).
    public string? ShardPlanBlob { get; set; }
    public int StageCount { get; set; }
    public int CurrentStage { get; set; }
    public string? ShardsBlob { get; set; }
    /// <summary>The current stage is verified: the stage advancer reshuffles or finishes.</summary>
    public bool AdvancePending { get; set; }
    public long BytesMoved { get; set; }

    // The pipeline after verification.
    /// <summary>Every unit is verified: the assimilator recombines the result and delivers it.</summary>
    public bool AssimilatePending { get; set; }
    /// <summary>Consecutive failures of one pipeline service (<see cref="PipelineFailingService"/>) on this project; it fails once they reach the limit.</summary>
    public int PipelineFailures { get; set; }
    public string? PipelineFailingService { get; set; }
    /// <summary>The last such failure (service: error), for operators.</summary>
    public string? LastPipelineFailure { get; set; }

    // Paths.
    public string? PathProgramBlob { get; set; }
    public double PathCount { get; set; }
    public double AcceptPathFraction { get; set; }

    /// <summary>The verified result as JSON (a blob), once the project completed.</summary>
    public string? ResultBlob { get; set; }

    /// <summary>The verified final state (a blob in the unit's format), when the project asked for it.</summary>
    public string? StateBlob { get; set; }
    public string? StateFormat { get; set; }
}
