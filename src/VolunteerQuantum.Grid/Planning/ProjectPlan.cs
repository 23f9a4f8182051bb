using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Shards;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>How a project will run: its work units, and what the coordinator needs to judge and recombine them.</summary>
public sealed record ProjectPlan
{
    public required SlicingStrategy Strategy { get; init; }

    public required IReadOnlyList<WorkUnitSpec> Units { get; init; }

    /// <summary>Parameter values of each point (one point, maybe empty, without sweeps).</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, double>> Points { get; init; }

    public bool Swept { get; init; }

    public required int Qubits { get; init; }

    public required int Clbits { get; init; }

    public required int Gates { get; init; }

    /// <summary>Classical register sizes in counts keys, leftmost first.</summary>
    public required IReadOnlyList<int> KeyGroupSizes { get; init; }

    public long MemoryPerUnit { get; init; }

    /// <summary>Σ|cⱼ| of each observable, for comparison tolerances.</summary>
    public IReadOnlyDictionary<string, double> ObservableWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>Shots per point after defaults were applied.</summary>
    public long Shots { get; init; }

    /// <summary>One line for people: strategy, units, memory per unit.</summary>
    public required string Description { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For `shards`: the stages; <see cref="Units"/> then holds only the first stage's units.</summary>
    public ShardPlan? Shards { get; init; }

    /// <summary>For `paths`: the program every unit runs a range of.</summary>
    public PathProgram? Paths { get; init; }

    public CutPlan? Cut { get; init; }
}
