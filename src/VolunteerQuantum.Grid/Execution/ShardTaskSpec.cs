using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>One shard of a distributed state for one stage: its gates (on physical qubits) and where its input comes from.</summary>
public sealed record ShardTaskSpec
{
    public required int LocalQubits { get; init; }

    public required int GlobalQubits { get; init; }

    public required long ShardIndex { get; init; }

    public required IReadOnlyList<GateOperation> Gates { get; init; }

    public bool SinglePrecision { get; init; }

    public IReadOnlyList<ulong> SketchSeeds { get; init; } = [];

    /// <summary>Keep the shard for upload (only the replica chosen to upload it).</summary>
    public bool UploadState { get; init; }

    /// <summary>The shard starts as the first shard of |0…0⟩ (stage 0) instead of from an input blob.</summary>
    public bool StartsAtZeroState { get; init; }
}
