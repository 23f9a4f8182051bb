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
        else if (plan.HighCount == 2)
        {
            OneLowOneHigh<T, TVec, TOps>(state, plan, start, end);
        }
        else if (plan.HighCount == 1)
        {
            BothLow<T, TVec, TOps>(state, plan, start, end);
        }
        else
        {
            fixed (TVec* cre = plan.VectorRe, cim = plan.VectorIm)
            {
                Sweep<T, TVec, TOps, VectorCoefficients<T, TVec>>(state, plan, start, end, new(cre, cim));
            }
        }
    }

    /// <summary>
    /// One target inside the register, one above it (the common case for gates on the lowest qubits).
    /// The eight per-lane coefficients (sixteen registers) stay in registers for the whole sweep: read
    /// from the table for every multiply-add, they made the loop wait on loads and measured half the
    /// speed of the two-high-targets case in cache. Same operations in the same order as <see cref="Sweep"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneLowOneHigh<T, TVec, TOps>(T* state, DensePlan<T, TVec, TOps> plan, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        const int im = AmplitudeLayout.BlockSize;
        var groups = plan.Groups;
        var prefetches = plan.Prefetches;
        var lanes = TOps.Lanes;
        var runMask = (1L << groups.RunBits) - 1;
        var m1 = plan.LaneIndices[1];
        var o1 = plan.Offsets[1];
        var re = plan.VectorRe;
        var ii = plan.VectorIm;
        // Entry (row · 4 + column).
        TVec r00 = re[0], r01 = re[1], r02 = re[2], r03 = re[3], r10 = re[4], r11 = re[5], r12 = re[6], r13 = re[7];
        TVec i00 = ii[0], i01 = ii[1], i02 = ii[2], i03 = ii[3], i10 = ii[4], i11 = ii[5], i12 = ii[6], i13 = ii[7];
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
                        Prefetch.Group(state + AmplitudeLayout.RealOffset(a + (Prefetch.Distance * lanes)), offsets, 2);
                    }
                    var x0r = TOps.Load(p);
                    var x0i = TOps.Load(p + im);
                    var x1r = TOps.Permute(x0r, m1);
                    var x1i = TOps.Permute(x0i, m1);
                    var x2r = TOps.Load(p + o1);
                    var x2i = TOps.Load(p + o1 + im);
                    var x3r = TOps.Permute(x2r, m1);
                    var x3i = TOps.Permute(x2i, m1);
                    var ar = TOps.MultiplyAdd(r01, x1r, TOps.Multiply(r00, x0r));
                    var br = TOps.MultiplyAdd(i01, x1i, TOps.Multiply(i00, x0i));
                    var ai = TOps.MultiplyAdd(r01, x1i, TOps.Multiply(r00, x0i));
                    var bi = TOps.MultiplyAdd(i01, x1r, TOps.Multiply(i00, x0r));
                    ar = TOps.MultiplyAdd(r03, x3r, TOps.MultiplyAdd(r02, x2r, ar));
                    br = TOps.MultiplyAdd(i03, x3i, TOps.MultiplyAdd(i02, x2i, br));
                    ai = TOps.MultiplyAdd(r03, x3i, TOps.MultiplyAdd(r02, x2i, ai));
                    bi = TOps.MultiplyAdd(i03, x3r, TOps.MultiplyAdd(i02, x2r, bi));
                    TOps.Store(p, TOps.Subtract(ar, br));
                    TOps.Store(p + im, TOps.Add(ai, bi));
                    ar = TOps.MultiplyAdd(r11, x1r, TOps.Multiply(r10, x0r));
                    br = TOps.MultiplyAdd(i11, x1i, TOps.Multiply(i10, x0i));
                    ai = TOps.MultiplyAdd(r11, x1i, TOps.Multiply(r10, x0i));
                    bi = TOps.MultiplyAdd(i11, x1r, TOps.Multiply(i10, x0r));
                    ar = TOps.MultiplyAdd(r13, x3r, TOps.MultiplyAdd(r12, x2r, ar));
                    br = TOps.MultiplyAdd(i13, x3i, TOps.MultiplyAdd(i12, x2i, br));
                    ai = TOps.MultiplyAdd(r13, x3i, TOps.MultiplyAdd(r12, x2i, ai));
                    bi = TOps.MultiplyAdd(i13, x3r, TOps.MultiplyAdd(i12, x2r, bi));
                    TOps.Store(p + o1, TOps.Subtract(ar, br));
                    TOps.Store(p + o1 + im, TOps.Add(ai, bi));
                }
            }
        }
    }

    // Compiled optimized on its own: once Apply grew, the JIT stopped inlining it, and a tier-0 copy
    // of this loop ran whole-state gates at half speed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// <summary>Both targets inside the register: one register in, one out, four coefficient pairs kept in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BothLow<T, TVec, TOps>(T* state, DensePlan<T, TVec, TOps> plan, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        const int im = AmplitudeLayout.BlockSize;
        var groups = plan.Groups;
        var lanes = TOps.Lanes;
        var runMask = (1L << groups.RunBits) - 1;
        var m1 = plan.LaneIndices[1];
        var m2 = plan.LaneIndices[2];
        var m3 = plan.LaneIndices[3];
        var re = plan.VectorRe;
        var ii = plan.VectorIm;
        TVec r0 = re[0], r1 = re[1], r2 = re[2], r3 = re[3];
        TVec i0 = ii[0], i1 = ii[1], i2 = ii[2], i3 = ii[3];
        var g = start;
        while (g < end)
        {
            var runEnd = Math.Min(end, (g | runMask) + 1);
            var a = groups.BaseIndex(g);
            for (; g < runEnd; g++, a += lanes)
            {
                // Registers stream in order: the hardware prefetcher needs no help here.
                var p = state + AmplitudeLayout.RealOffset(a);
                var x0r = TOps.Load(p);
                var x0i = TOps.Load(p + im);
                var x1r = TOps.Permute(x0r, m1);
                var x1i = TOps.Permute(x0i, m1);
                var x2r = TOps.Permute(x0r, m2);
                var x2i = TOps.Permute(x0i, m2);
                var x3r = TOps.Permute(x0r, m3);
                var x3i = TOps.Permute(x0i, m3);
                var ar = TOps.MultiplyAdd(r1, x1r, TOps.Multiply(r0, x0r));
                var br = TOps.MultiplyAdd(i1, x1i, TOps.Multiply(i0, x0i));
                var ai = TOps.MultiplyAdd(r1, x1i, TOps.Multiply(r0, x0i));
                var bi = TOps.MultiplyAdd(i1, x1r, TOps.Multiply(i0, x0r));
                ar = TOps.MultiplyAdd(r3, x3r, TOps.MultiplyAdd(r2, x2r, ar));
                br = TOps.MultiplyAdd(i3, x3i, TOps.MultiplyAdd(i2, x2i, br));
                ai = TOps.MultiplyAdd(r3, x3i, TOps.MultiplyAdd(r2, x2i, ai));
                bi = TOps.MultiplyAdd(i3, x3r, TOps.MultiplyAdd(i2, x2r, bi));
                TOps.Store(p, TOps.Subtract(ar, br));
                TOps.Store(p + im, TOps.Add(ai, bi));
            }
        }
    }
}
