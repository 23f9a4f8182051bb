namespace VolunteerQuantum.Grid.Shards;

/// <summary>A sharded simulation: 2^g shards of 2^l amplitudes, its stages, and where each qubit ends up.</summary>
public sealed record ShardPlan
{
    public required int Qubits { get; init; }

    public required int LocalQubits { get; init; }

    public int GlobalQubits => Qubits - LocalQubits;

    public long ShardCount => 1L << GlobalQubits;

    public required IReadOnlyList<ShardStage> Stages { get; init; }

    /// <summary>Where each logical qubit is after the last stage.</summary>
    public required QubitMapping FinalMapping { get; init; }

    /// <summary>Swap gates the planner added to bring qubits to the top local bits before a reshuffle.</summary>
    public int SwapsAdded { get; init; }

    public int Reshuffles => Stages.Count(s => s.Next is not null);
}
