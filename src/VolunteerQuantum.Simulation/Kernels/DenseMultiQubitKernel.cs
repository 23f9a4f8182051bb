using System.Runtime.CompilerServices;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// A dense 2^k × 2^k matrix for fused blocks (k up to 6, or one unfused gate up to 10). Per group: load
/// the 2^kh registers, expand each into its 2^kl XOR-permuted copies in an aligned scratch area (L1),
/// then compute output rows four at a time, so each input read from L1 feeds eight FMAs per component.
/// Real and imaginary parts accumulate with FMA then FNMA: eight independent chains keep both FMA pipes busy.
/// </summary>
internal static unsafe class DenseMultiQubitKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<T, TVec, TOps>(T* state, DensePlan<T, TVec, TOps> plan, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        var columns = plan.Columns;
        // Scratch for the permuted inputs, aligned to 64 bytes so no register load splits a cache line.
        var scratch = stackalloc byte[(2 * columns * sizeof(TVec)) + 64];
        var xr = (TVec*)(((nint)scratch + 63) & ~(nint)63);
        var xi = xr + columns;
        fixed (long* offsets = plan.Offsets)
        fixed (TVec* masks = plan.LaneIndices)
        {
            if (plan.UseScalarCoefficients)
            {
                fixed (T* cre = plan.ScalarRe, cim = plan.ScalarIm)
                {
                    Sweep<T, TVec, TOps, ScalarCoefficients<T, TVec, TOps>>(state, plan, start, end, xr, xi, offsets, masks, new(cre, cim));
                }
            }
            else
            {
                fixed (TVec* cre = plan.VectorRe, cim = plan.VectorIm)
                {
                    Sweep<T, TVec, TOps, VectorCoefficients<T, TVec>>(state, plan, start, end, xr, xi, offsets, masks, new(cre, cim));
                }
            }
        }
    }

    // Too big to inline: compiled optimized at once, never at tier 0 (its loop would run unoptimized
    // until on-stack replacement, a visible part of a cold run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sweep<T, TVec, TOps, TCoef>(T* state, DensePlan<T, TVec, TOps> plan, long start, long end, TVec* xr, TVec* xi, long* offsets, TVec* masks, TCoef coef)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
        where TCoef : struct, ICoefficientTable<TVec, TCoef>
    {
        const int im = AmplitudeLayout.BlockSize;
        var groups = plan.Groups;
        var prefetches = plan.Prefetches;
        var lanes = TOps.Lanes;
        var runMask = (1L << groups.RunBits) - 1;
        var high = plan.HighCount;
        var low = plan.LowCount;
        var columns = plan.Columns;
        nint n = columns;
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
                for (int ch = 0, c = 0; ch < high; ch++)
                {
                    var q = p + offsets[ch];
                    var vr = TOps.Load(q);
                    var vi = TOps.Load(q + im);
                    xr[c] = vr;
                    xi[c] = vi;
                    c++;
                    for (var s = 1; s < low; s++, c++)
                    {
                        xr[c] = TOps.Permute(vr, masks[s]);
                        xi[c] = TOps.Permute(vi, masks[s]);
                    }
                }
                var row = 0;
                for (; row + 3 < high; row += 4)
                {
                    var c0 = coef.Offset(row * columns);
                    var c1 = c0.Offset(columns);
                    var c2 = c1.Offset(columns);
                    var c3 = c2.Offset(columns);
                    TVec r0 = TOps.Zero, i0 = TOps.Zero, r1 = TOps.Zero, i1 = TOps.Zero;
                    TVec r2 = TOps.Zero, i2 = TOps.Zero, r3 = TOps.Zero, i3 = TOps.Zero;
                    for (nint c = 0; c < n; c++)
                    {
                        var vr = xr[c];
                        var vi = xi[c];
                        r0 = TOps.MultiplySubtract(c0.Im(c), vi, TOps.MultiplyAdd(c0.Re(c), vr, r0));
                        i0 = TOps.MultiplyAdd(c0.Im(c), vr, TOps.MultiplyAdd(c0.Re(c), vi, i0));
                        r1 = TOps.MultiplySubtract(c1.Im(c), vi, TOps.MultiplyAdd(c1.Re(c), vr, r1));
                        i1 = TOps.MultiplyAdd(c1.Im(c), vr, TOps.MultiplyAdd(c1.Re(c), vi, i1));
                        r2 = TOps.MultiplySubtract(c2.Im(c), vi, TOps.MultiplyAdd(c2.Re(c), vr, r2));
                        i2 = TOps.MultiplyAdd(c2.Im(c), vr, TOps.MultiplyAdd(c2.Re(c), vi, i2));
                        r3 = TOps.MultiplySubtract(c3.Im(c), vi, TOps.MultiplyAdd(c3.Re(c), vr, r3));
                        i3 = TOps.MultiplyAdd(c3.Im(c), vr, TOps.MultiplyAdd(c3.Re(c), vi, i3));
                    }
                    Store<T, TVec, TOps>(p + offsets[row], r0, i0);
                    Store<T, TVec, TOps>(p + offsets[row + 1], r1, i1);
                    Store<T, TVec, TOps>(p + offsets[row + 2], r2, i2);
                    Store<T, TVec, TOps>(p + offsets[row + 3], r3, i3);
                }
                for (; row < high; row++)
                {
                    // 1 or 2 rows left only when 2^kh < 4: split chains hide the FMA latency.
                    var c0 = coef.Offset(row * columns);
                    TVec ar = TOps.Zero, br = TOps.Zero, ai = TOps.Zero, bi = TOps.Zero;
                    for (nint c = 0; c < n; c++)
                    {
                        var vr = xr[c];
                        var vi = xi[c];
                        ar = TOps.MultiplyAdd(c0.Re(c), vr, ar);
                        br = TOps.MultiplyAdd(c0.Im(c), vi, br);
                        ai = TOps.MultiplyAdd(c0.Re(c), vi, ai);
                        bi = TOps.MultiplyAdd(c0.Im(c), vr, bi);
                    }
                    Store<T, TVec, TOps>(p + offsets[row], TOps.Subtract(ar, br), TOps.Add(ai, bi));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T, TVec, TOps>(T* q, TVec re, TVec im)
        where T : unmanaged
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        TOps.Store(q, re);
        TOps.Store(q + AmplitudeLayout.BlockSize, im);
    }
}
