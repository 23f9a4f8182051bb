namespace VolunteerQuantum.Grid.Units;

/// <summary>A <see cref="UnitKind.Shard"/> unit: one shard for one stage of a distributed state vector.</summary>
public sealed record ShardUnitSpec
{
    public required int Stage { get; init; }

    public required long ShardIndex { get; init; }

    public required int LocalQubits { get; init; }

    public required int GlobalQubits { get; init; }

    /// <summary>Σ|ψ|² of the shard before the stage; gates must leave it unchanged.</summary>
    public required double InputNormSquared { get; init; }

    /// <summary>The shard starts as the first shard of |0…0⟩ instead of from a stored blob.</summary>
    public bool StartsAtZeroState { get; init; }
}
