namespace VolunteerQuantum.Simulation.StateSpace;

/// <summary>
/// Where amplitude i lives in memory. The state is stored in blocks of 16 amplitudes: 16 real parts,
/// then the 16 imaginary parts ("planar blocks", as qsim does). Why: a complex multiply-add on planar
/// data is four plain FMAs with no shuffles, every vector load is aligned and full, and one
/// Vector512&lt;float&gt; (16 lanes) is exactly one block's real parts, so every SIMD width from
/// scalar up to 512-bit float sees the same layout (Vector512&lt;double&gt; takes two loads per half).
/// The block is fixed, not chosen from the hardware, so a state (or a shard shipped to another
/// machine) means the same bytes everywhere; conversion to interleaved complex happens only at the
/// edges (.npy, network, <see cref="StateVector.CopyTo"/>).
/// States smaller than one block are padded with zero amplitudes: no gate on a real qubit can move
/// amplitude into the padding, so the padding stays zero.
/// </summary>
internal static class AmplitudeLayout
{
    /// <summary>log2 of the block size.</summary>
    public const int BlockBits = 4;

    /// <summary>Amplitudes per block.</summary>
    public const int BlockSize = 1 << BlockBits;

    /// <summary>Index bits a kernel iterates over: at least one whole block.</summary>
    public static int IndexBits(int qubits) => Math.Max(qubits, BlockBits);

    /// <summary>Amplitudes actually stored (a power of two, at least one block).</summary>
    public static long StoredAmplitudes(int qubits) => 1L << IndexBits(qubits);

    /// <summary>
    /// Element offset of the real part of amplitude <paramref name="index"/>: block b = i/16 starts at
    /// 32b, so the offset is 32b + i%16 = i + (i &amp; ~15). The map is additive over disjoint bit sets
    /// (i | j with i &amp; j == 0), which lets kernels precompute offsets of target-bit combinations once.
    /// </summary>
    public static long RealOffset(long index) => index + (index & ~(long)(BlockSize - 1));

    /// <summary>The imaginary part sits one half-block after the real part.</summary>
    public static long ImaginaryOffset(long index) => RealOffset(index) + BlockSize;
}
