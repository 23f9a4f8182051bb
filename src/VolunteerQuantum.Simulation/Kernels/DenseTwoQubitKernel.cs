using System.Runtime.CompilerServices;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// A 4×4 matrix (possibly under controls). The four input columns (registers, or XOR-permuted copies
/// for low targets) are held in registers; each output row is four complex multiply-adds with
/// coefficients read from a 16-entry table that stays in L1.
/// </summary>
internal static unsafe class DenseTwoQubitKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<T, TVec, TOps>(T* state, DensePlan<T, TVec, TOps> plan, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        if (plan.UseScalarCoefficients)
        {
            fixed (T* cre = plan.ScalarRe, cim = plan.ScalarIm)
            {
                Sweep<T, TVec, TOps, ScalarCoefficients<T, TVec, TOps>>(state, plan, start, end, new(cre, cim));
            }
        }
        else
        {
            fixed (TVec* cre = plan.VectorRe, cim = plan.VectorIm)
            {
                Sweep<T, TVec, TOps, VectorCoefficients<T, TVec>>(state, plan, start, end, new(cre, cim));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sweep<T, TVec, TOps, TCoef>(T* state, DensePlan<T, TVec, TOps> plan, long start, long end, TCoef coef)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
        where TCoef : struct, ICoefficientTable<TVec, TCoef>
    {
        var groups = plan.Groups;
        var prefetches = plan.Prefetches;
        var lanes = TOps.Lanes;
        var runMask = (1L << groups.RunBits) - 1;
        var high = plan.HighCount;
        var m1 = plan.LaneIndices.Length > 1 ? plan.LaneIndices[1] : TOps.Zero;
        var m2 = plan.LaneIndices.Length > 2 ? plan.LaneIndices[2] : TOps.Zero;
        var m3 = plan.LaneIndices.Length > 3 ? plan.LaneIndices[3] : TOps.Zero;
        var o1 = plan.Offsets.Length > 1 ? plan.Offsets[1] : 0;
        var o2 = plan.Offsets.Length > 2 ? plan.Offsets[2] : 0;
        var o3 = plan.Offsets.Length > 3 ? plan.Offsets[3] : 0;
        const int im = AmplitudeLayout.BlockSize;
        fixed (long* offsets = plan.Offsets)
        {
            var g = start;
            while (g < end)
            {
                var runEnd = Math.Min(end, (g | runMask) + 1);
                var a = groups.BaseIndex(g);
                for (; g < runEnd; g++, a += lanes)
                {
                    var p = state + AmplitudeLayout.RealOffset(a);
                    if (prefetches)
                    {
                        Prefetch.Group(state + AmplitudeLayout.RealOffset(a + (Prefetch.Distance * lanes)), offsets, high);
                    }
                    TVec x0r, x0i, x1r, x1i, x2r, x2i, x3r, x3i;
                    x0r = TOps.Load(p);
                    x0i = TOps.Load(p + im);
                    if (high == 4)
                    {
                        x1r = TOps.Load(p + o1);
                        x1i = TOps.Load(p + o1 + im);
                        x2r = TOps.Load(p + o2);
                        x2i = TOps.Load(p + o2 + im);
                        x3r = TOps.Load(p + o3);
                        x3i = TOps.Load(p + o3 + im);
                    }
                    else if (high == 2)
                    {
                        // Column index = ch · 2 + s.
                        x1r = TOps.Permute(x0r, m1);
                        x1i = TOps.Permute(x0i, m1);
                        x2r = TOps.Load(p + o1);
                        x2i = TOps.Load(p + o1 + im);
                        x3r = TOps.Permute(x2r, m1);
                        x3i = TOps.Permute(x2i, m1);
                    }
                    else
                    {
                        x1r = TOps.Permute(x0r, m1);
                        x1i = TOps.Permute(x0i, m1);
                        x2r = TOps.Permute(x0r, m2);
                        x2i = TOps.Permute(x0i, m2);
                        x3r = TOps.Permute(x0r, m3);
                        x3i = TOps.Permute(x0i, m3);
                    }
                    for (var row = 0; row < high; row++)
                    {
                        var e = coef.Offset(4 * row);
                        // Real and imaginary sums in two chains each, so no FMA waits on its neighbour.
                        var ar = TOps.MultiplyAdd(e.Re(1), x1r, TOps.Multiply(e.Re(0), x0r));
                        var br = TOps.MultiplyAdd(e.Im(1), x1i, TOps.Multiply(e.Im(0), x0i));
                        var ai = TOps.MultiplyAdd(e.Re(1), x1i, TOps.Multiply(e.Re(0), x0i));
                        var bi = TOps.MultiplyAdd(e.Im(1), x1r, TOps.Multiply(e.Im(0), x0r));
                        ar = TOps.MultiplyAdd(e.Re(3), x3r, TOps.MultiplyAdd(e.Re(2), x2r, ar));
                        br = TOps.MultiplyAdd(e.Im(3), x3i, TOps.MultiplyAdd(e.Im(2), x2i, br));
                        ai = TOps.MultiplyAdd(e.Re(3), x3i, TOps.MultiplyAdd(e.Re(2), x2i, ai));
                        bi = TOps.MultiplyAdd(e.Im(3), x3r, TOps.MultiplyAdd(e.Im(2), x2r, bi));
                        var q = p + offsets[row];
                        TOps.Store(q, TOps.Subtract(ar, br));
                        TOps.Store(q + im, TOps.Add(ai, bi));
                    }
                }
            }
        }
    }
}
