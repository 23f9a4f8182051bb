namespace VolunteerQuantum.Grid.Paths;

/// <summary>How the qubits are cut in two for the <c>paths</c> strategy, and what it costs.</summary>
public sealed record CutPlan
{
    /// <summary>Logical qubits of half A, sorted; local qubit i of A is QubitsA[i].</summary>
    public required IReadOnlyList<int> QubitsA { get; init; }

    /// <summary>Logical qubits of half B, sorted.</summary>
    public required IReadOnlyList<int> QubitsB { get; init; }

    /// <summary>Gates with qubits on both sides.</summary>
    public required int CutGates { get; init; }

    /// <summary>Terms of each cut gate, in circuit order.</summary>
    public required IReadOnlyList<int> TermsPerCut { get; init; }

    /// <summary>Π terms over the cut gates; a double because it can exceed 2^64.</summary>
    public required double PathCount { get; init; }

    /// <summary>Σ log2(terms): the quantity the planner minimises (exact where PathCount is not).</summary>
    public required double Log2PathCount { get; init; }

    /// <summary>For people: "A = q0..q19, B = q20..q39; 4 cut gates (CZ ×4), 16 paths".</summary>
    public required string Description { get; init; }
}
