using System.Numerics;

namespace VolunteerQuantum.Simulation.StateSpace;

/// <summary>
/// A state vector, or one shard of a distributed one, in native 64-byte-aligned memory. A shard holds
/// the 2^<see cref="LocalQubits"/> amplitudes whose top <see cref="GlobalQubits"/> index bits equal
/// <see cref="ShardIndex"/>; a whole state is the shard with no global qubits. Kernels only ever see
/// local qubits (see <see cref="Sharding.ShardGateReducer"/> for gates on global ones). Indices passed
/// to the accessors are local (0 ≤ i &lt; <see cref="Length"/>). Dispose frees the memory.
/// </summary>
public abstract class StateVector : IDisposable
{
    private protected StateVector(int localQubits, int globalQubits, long shardIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localQubits);
        if (localQubits > MaxQubits)
        {
            throw StateTooLargeException.TooManyQubits(localQubits, MaxQubits);
        }
        ArgumentOutOfRangeException.ThrowIfNegative(globalQubits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localQubits + globalQubits, 62, nameof(globalQubits));
        if (shardIndex < 0 || shardIndex >= 1L << globalQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(shardIndex), shardIndex, $"a shard index needs {globalQubits} bits");
        }
        LocalQubits = localQubits;
        GlobalQubits = globalQubits;
        ShardIndex = shardIndex;
    }

    /// <summary>Largest local qubit count (2^40 amplitudes: far beyond any one machine today).</summary>
    public const int MaxQubits = 40;

    public abstract Precision Precision { get; }

    /// <summary>Qubits whose bits vary inside this vector (qubits 0 … LocalQubits−1).</summary>
    public int LocalQubits { get; }

    /// <summary>Qubits whose bits are fixed to <see cref="ShardIndex"/> (0 for a whole state).</summary>
    public int GlobalQubits { get; }

    public int TotalQubits => LocalQubits + GlobalQubits;

    public long ShardIndex { get; }

    /// <summary>Global index of local amplitude 0: the fixed high bits.</summary>
    public long GlobalIndexBase => ShardIndex << LocalQubits;

    /// <summary>Number of amplitudes, 2^LocalQubits.</summary>
    public long Length => 1L << LocalQubits;

    /// <summary>Bytes of one amplitude: 8 (complex64) or 16 (complex128).</summary>
    public int BytesPerAmplitude => Precision == Precision.Single ? 8 : 16;

    /// <summary>Bytes of native memory held (at least one 16-amplitude block).</summary>
    public abstract long SizeInBytes { get; }

    /// <summary>Bytes a state of <paramref name="localQubits"/> qubits needs, for planning and budgets.</summary>
    public static long BytesNeeded(int localQubits, Precision precision) =>
        AmplitudeLayout.StoredAmplitudes(localQubits) * (precision == Precision.Single ? 8 : 16);

    /// <summary>Allocates a whole state in |0…0⟩.</summary>
    public static StateVector Create(int qubits, Precision precision = Precision.Double, MemoryBudget? budget = null) =>
        CreateShard(qubits, 0, 0, precision, budget);

    /// <summary>Allocates shard <paramref name="shardIndex"/> of a (local + global)-qubit state, set to its part of |0…0⟩.</summary>
    public static StateVector CreateShard(int localQubits, int globalQubits, long shardIndex, Precision precision = Precision.Double, MemoryBudget? budget = null) =>
        precision == Precision.Single
            ? new StateVector<float>(localQubits, globalQubits, shardIndex, budget)
            : new StateVector<double>(localQubits, globalQubits, shardIndex, budget);

    public abstract Complex GetAmplitude(long index);

    public abstract void SetAmplitude(long index, Complex value);

    /// <summary>Sets every amplitude to zero.</summary>
    public abstract void Clear();

    /// <summary>|0…0⟩: amplitude 1 at global index 0 (so a shard other than 0 is all zeros).</summary>
    public void InitializeZeroState() => InitializeBasisState(0);

    /// <summary>The computational basis state with global index <paramref name="globalIndex"/>.</summary>
    public void InitializeBasisState(long globalIndex)
    {
        Clear();
        var local = globalIndex - GlobalIndexBase;
        if (local >= 0 && local < Length)
        {
            SetAmplitude(local, Complex.One);
        }
    }

    /// <summary>Σ|ψ_i|², summed in fixed chunks in a fixed order: the same bits for any thread count.</summary>
    public abstract double NormSquared(int threads = 1);

    /// <summary>Probability |ψ_i|² of each amplitude from <paramref name="start"/>.</summary>
    public abstract void GetProbabilities(long start, Span<double> destination);

    /// <summary>Copies amplitudes [start, start + destination.Length) out as interleaved complex128.</summary>
    public abstract void CopyTo(long start, Span<Complex> destination);

    /// <summary>Copies amplitudes in from interleaved complex128 (rounded to this precision).</summary>
    public abstract void CopyFrom(long start, ReadOnlySpan<Complex> source);

    /// <summary>
    /// Copies amplitudes [start, …) out as interleaved little-endian (re, im) pairs in this state's own
    /// precision — the bytes of a NumPy &lt;c8/&lt;c16 array, and the wire format for shards.
    /// destination.Length must be a multiple of <see cref="BytesPerAmplitude"/>.
    /// </summary>
    public abstract void CopyToInterleavedBytes(long start, Span<byte> destination);

    /// <summary>The inverse of <see cref="CopyToInterleavedBytes"/>.</summary>
    public abstract void CopyFromInterleavedBytes(long start, ReadOnlySpan<byte> source);

    /// <summary>A copy with the same shape and budget (the budget must have room).</summary>
    public abstract StateVector Clone();

    /// <summary>Overwrites this state with <paramref name="other"/> (same shape and precision).</summary>
    public abstract void CopyFrom(StateVector other);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
