namespace VolunteerQuantum.Grid.Projects;

/// <summary>What a researcher asked for, validated and with defaults applied (see <see cref="ProjectSpecValidator"/>).</summary>
public sealed record ProjectSpec
{
    public const int DefaultMinQuorum = 2;
    public const int DefaultMaxReplicas = 5;
    public const long DefaultShots = 1024;

    public required string Name { get; init; }

    /// <summary>OpenQASM source text.</summary>
    public required string Source { get; init; }

    public string FileName { get; init; } = "circuit.qasm";

    /// <summary>Shots per sweep point (0 when only the state, amplitudes or expectations are wanted).</summary>
    public long Shots { get; init; }

    public ulong Seed { get; init; }

    public bool SinglePrecision { get; init; }

    public bool ReturnState { get; init; }

    /// <summary>Requested amplitudes as bitstrings, qubit 0 rightmost.</summary>
    public IReadOnlyList<string> Amplitudes { get; init; } = [];

    /// <summary>Pauli-sum observables, e.g. "0.5*Z0 + Y1 Y2".</summary>
    public IReadOnlyList<string> Observables { get; init; } = [];

    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<ParameterSweep> Sweeps { get; init; } = [];

    public int MinQuorum { get; init; } = DefaultMinQuorum;

    public int MaxReplicas { get; init; } = DefaultMaxReplicas;

    /// <summary>Shots per unit; 0 lets the planner choose.</summary>
    public long ShotsPerUnit { get; init; }

    public SlicingStrategy Strategy { get; init; } = SlicingStrategy.Auto;

    /// <summary>Largest state one unit may hold, in bytes; 0 means the volunteers' budgets decide.</summary>
    public long MaxUnitMemoryBytes { get; init; }

    /// <summary>Paths: complete once verified units cover this fraction of the paths (0 or 1: all of them).</summary>
    public double AcceptPathFraction { get; init; }

    /// <summary>Hosts with a long valid record may compute units alone (BOINC's adaptive replication).</summary>
    public bool AdaptiveReplication { get; init; }

    /// <summary>Probability that a unit computed alone is spot-checked (0: the grid's spot-check fraction).</summary>
    public double AdaptiveSpotCheckFraction { get; init; }

    /// <summary>The noise model's JSON text (null or blank: an ideal run), parsed by <see cref="Noise.NoiseText"/>.</summary>
    public string? NoiseText { get; init; }

    /// <summary>The noise model's file name, for messages.</summary>
    public string NoiseFileName { get; init; } = "noise.json";

    /// <summary>Quantum trajectories of a noisy run (required with noise, refused without).</summary>
    public long Trajectories { get; init; }

    /// <summary>Trajectories per unit; 0 lets the planner choose.</summary>
    public long TrajectoriesPerUnit { get; init; }

    public bool IsNoisy => !string.IsNullOrWhiteSpace(NoiseText);
}
