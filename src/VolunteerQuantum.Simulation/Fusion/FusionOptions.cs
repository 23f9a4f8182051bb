namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>How large fused blocks may grow.</summary>
/// <param name="MaxFusedQubits">Qubits of a dense fused block; 0 turns fusion off (one kernel call per gate).</param>
/// <param name="MaxDiagonalQubits">Qubits of a block made only of diagonal gates (a diagonal is cheap at any size up to its table).</param>
/// <param name="ChunkQubits">With cache blocking, blocks on qubits all below this are applied in cache (see <see cref="GateSchedule"/>); 0 when off.</param>
/// <param name="MaxLocalFusedQubits">
/// Limit for blocks entirely below <paramref name="ChunkQubits"/>: in cache a block costs only arithmetic (2^k multiply-adds
/// per amplitude), so smaller blocks win there, while a block that needs a memory pass should be as large as the arithmetic
/// can hide. Null: the same as <paramref name="MaxFusedQubits"/>.
/// </param>
public sealed record FusionOptions(int MaxFusedQubits, int MaxDiagonalQubits = FusionOptions.DefaultMaxDiagonalQubits, int ChunkQubits = 0, int? MaxLocalFusedQubits = null)
{
    /// <summary>The dense limit for a block on <paramref name="qubits"/>.</summary>
    public int LimitFor(IEnumerable<int> qubits) =>
        ChunkQubits > 0 && MaxLocalFusedQubits is { } local && qubits.All(q => q < ChunkQubits) ? local : MaxFusedQubits;

    public const int DefaultMaxDiagonalQubits = 14;

    /// <summary>Largest dense block the kernels accept.</summary>
    public const int MaxSupportedFusedQubits = 6;

    public static FusionOptions None { get; } = new(0);
}
