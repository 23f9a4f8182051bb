using System.Runtime.CompilerServices;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Multiplies every amplitude by its diagonal entry: one complex multiply per lane, a pure streaming
/// pass. Registers are visited in memory order; the factor changes only at run borders.
/// </summary>
internal static unsafe class DiagonalKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<T, TVec, TOps>(T* state, DiagonalPlan<T, TVec, TOps> plan, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        const int im = AmplitudeLayout.BlockSize;
        var lanes = TOps.Lanes;
        var laneBits = TOps.LaneBits;
        var runMask = (1L << plan.RunBits) - 1;
        var high = plan.HighQubits;
        var v = start;
        while (v < end)
        {
            var runEnd = Math.Min(end, (v | runMask) + 1);
            var a = v << laneBits;
            var h = 0;
            for (var b = 0; b < high.Length; b++)
            {
                h |= (int)((a >> high[b]) & 1) << b;
            }
            var dr = plan.Re[h];
            var di = plan.Im[h];
            for (; v < runEnd; v++, a += lanes)
            {
                var p = state + AmplitudeLayout.RealOffset(a);
                var xr = TOps.Load(p);
                var xi = TOps.Load(p + im);
                TOps.Store(p, TOps.MultiplySubtract(di, xi, TOps.Multiply(dr, xr)));
                TOps.Store(p + im, TOps.MultiplyAdd(di, xr, TOps.Multiply(dr, xi)));
            }
        }
    }
}
