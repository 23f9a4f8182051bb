using System.Runtime.CompilerServices;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Coefficients stored as scalars and broadcast on use (vbroadcastss/sd from L1): used whenever no
/// coefficient varies across lanes, a 4- or 8-byte read instead of a whole register.
/// </summary>
internal readonly unsafe struct ScalarCoefficients<T, TVec, TOps>(T* re, T* im) : ICoefficientTable<TVec, ScalarCoefficients<T, TVec, TOps>>
    where T : unmanaged
    where TVec : unmanaged
    where TOps : struct, ILaneOps<T, TVec>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScalarCoefficients<T, TVec, TOps> Offset(int entries) => new(re + entries, im + entries);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Re(nint entry) => TOps.Splat(re[entry]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Im(nint entry) => TOps.Splat(im[entry]);
}
