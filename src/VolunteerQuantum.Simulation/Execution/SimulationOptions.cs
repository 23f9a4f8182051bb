using VolunteerQuantum.Simulation.Kernels;

namespace VolunteerQuantum.Simulation.Execution;

/// <summary>How to simulate (not what to compute: that is <see cref="SimulationRequest"/>).</summary>
public sealed record SimulationOptions
{
    /// <summary>complex128 (default) or complex64.</summary>
    public Precision Precision { get; init; } = Precision.Double;

    /// <summary>State vector (default; noise by trajectories) or density matrix (noise exactly, 4^n entries).</summary>
    public SimulationMethod Method { get; init; } = SimulationMethod.StateVector;

    /// <summary>Threads for the kernels and reductions; 1 runs everything on the caller's thread.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Largest dense fused block: null picks <see cref="DefaultMaxFusedQubits"/>; 0 turns fusion off.</summary>
    public int? MaxFusedQubits { get; init; }

    /// <summary>Largest dense block whose qubits all lie inside one cache chunk: null picks <see cref="DefaultMaxLocalFusedQubits"/>.</summary>
    public int? MaxLocalFusedQubits { get; init; }

    /// <summary>
    /// Cap on all state vectors of a run (the main state plus a dynamic circuit's branch clones); null means
    /// the process-wide <see cref="StateSpace.MemoryBudget.Shared"/> budget, 80% of available memory.
    /// </summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>
    /// Cache blocking: runs of gates on qubits below this many are applied chunk by chunk (2^k amplitudes
    /// per chunk); null picks <see cref="Fusion.GateSchedule.ChunkQubits"/> (256 KiB chunks); 0 turns it off.
    /// </summary>
    public int? ChunkQubits { get; init; }

    /// <summary>Forces a register width (tests and benchmarks); null picks the widest accelerated one.</summary>
    internal KernelWidth? KernelWidth { get; init; }

    /// <summary>
    /// The fastest block size measured on the reference machine (2-core AVX-512 EPYC, both precisions; see
    /// bench/VolunteerQuantum.Benchmarks/README.md): bigger blocks mean fewer memory passes but 2^k multiply-adds per amplitude, and one
    /// core there computes a 2-qubit block about as fast as memory streams the state.
    /// </summary>
    public static int DefaultMaxFusedQubits(Precision precision) => 3;

    /// <summary>In cache only arithmetic counts, so small blocks (2^k multiply-adds per amplitude) are cheapest.</summary>
    public static int DefaultMaxLocalFusedQubits(Precision precision) => 2;

    internal int EffectiveMaxFusedQubits => MaxFusedQubits ?? DefaultMaxFusedQubits(Precision);

    internal int EffectiveChunkQubits => ChunkQubits ?? Fusion.GateSchedule.ChunkQubits(Precision);

    /// <summary>The fusion settings these options imply.</summary>
    internal Fusion.FusionOptions FusionOptions => EffectiveMaxFusedQubits == 0
        ? Fusion.FusionOptions.None
        : new(EffectiveMaxFusedQubits, Fusion.FusionOptions.DefaultMaxDiagonalQubits, EffectiveChunkQubits,
            Math.Min(EffectiveMaxFusedQubits, MaxLocalFusedQubits ?? DefaultMaxLocalFusedQubits(Precision)));

    internal int EffectiveThreads => Math.Max(1, Threads);

    internal void Validate()
    {
        if (MaxFusedQubits is < 0 or > Fusion.FusionOptions.MaxSupportedFusedQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFusedQubits), MaxFusedQubits, $"fused blocks can have 0 (off) to {Fusion.FusionOptions.MaxSupportedFusedQubits} qubits");
        }
        if (Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "at least one thread");
        }
    }
}
