using System.Runtime.CompilerServices;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>Coefficients stored as whole registers (they differ per lane for low targets or low controls).</summary>
internal readonly unsafe struct VectorCoefficients<T, TVec>(TVec* re, TVec* im) : ICoefficientTable<TVec, VectorCoefficients<T, TVec>>
    where T : unmanaged
    where TVec : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VectorCoefficients<T, TVec> Offset(int entries) => new(re + entries, im + entries);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Re(nint entry) => re[entry];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Im(nint entry) => im[entry];
}
