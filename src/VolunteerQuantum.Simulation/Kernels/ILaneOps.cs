namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// The arithmetic a kernel needs from one SIMD width, as static members so that a kernel written
/// once over <typeparamref name="TVec"/> is compiled by the JIT into separate, fully inlined code for
/// each width and precision (the TensorPrimitives pattern: one driver loop, small operator structs).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TVec">The register type: Vector512&lt;T&gt;, Vector256&lt;T&gt;, Vector128&lt;T&gt; or T itself.</typeparam>
internal unsafe interface ILaneOps<T, TVec>
    where T : unmanaged
    where TVec : unmanaged
{
    /// <summary>Amplitudes per register (1 for the scalar path); a power of two, at most 16.</summary>
    static abstract int Lanes { get; }

    /// <summary>log2 of <see cref="Lanes"/>: qubits below it live inside one register.</summary>
    static abstract int LaneBits { get; }

    static abstract TVec Load(T* source);

    static abstract void Store(T* destination, TVec value);

    static abstract TVec Splat(T value);

    static abstract TVec Zero { get; }

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>c − a·b, fused where the hardware has FMA.</summary>
    static abstract TVec MultiplySubtract(TVec a, TVec b, TVec c);

    /// <summary>
    /// The permutation control for result[j] = value[j ^ mask] (mask &lt; <see cref="Lanes"/>), bit-cast into a
    /// register so kernels load it once per gate and keep it in a register for the whole sweep.
    /// </summary>
    static abstract TVec LaneIndex(int mask);

    /// <summary>Applies a control made by <see cref="LaneIndex"/>.</summary>
    static abstract TVec Permute(TVec value, TVec index);

    /// <summary>Sum of all lanes.</summary>
    static abstract T Sum(TVec value);
}
