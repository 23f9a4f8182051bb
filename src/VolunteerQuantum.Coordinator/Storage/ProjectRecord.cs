namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>A project as stored in LiteDB's "projects" collection.</summary>
public sealed class ProjectRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public ProjectState State { get; set; }
    public string? FailureReason { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }

    // What was asked for.
    public string FileName { get; set; } = "";
    public string CircuitBlob { get; set; } = "";
    public long CircuitLength { get; set; }
    public long Shots { get; set; }
    public ulong Seed { get; set; }
    public bool SinglePrecision { get; set; }
    public bool ReturnState { get; set; }
    public List<string> Amplitudes { get; set; } = [];
    public List<string> Observables { get; set; } = [];
    public Dictionary<string, double> ObservableWeights { get; set; } = [];
    public int MinQuorum { get; set; }
    public int MaxReplicas { get; set; }

    // The plan.
    public string Strategy { get; set; } = "";
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

    /// <summary>The verified result as JSON (a blob), once the project completed.</summary>
    public string? ResultBlob { get; set; }

    /// <summary>The verified final state (a blob in the unit's format), when the project asked for it.</summary>
    public string? StateBlob { get; set; }
    public string? StateFormat { get; set; }
}
