using System.Runtime.CompilerServices;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// A 2×2 matrix (possibly under controls). All eight coefficient registers stay in registers for the
/// whole sweep. A high target pairs register p with register p + offset; a low target pairs each
/// register with its own XOR-permuted copy.
/// </summary>
internal static unsafe class DenseOneQubitKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<T, TVec, TOps>(T* state, DensePlan<T, TVec, TOps> plan, long start, long end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        var groups = plan.Groups;
        var prefetches = plan.Prefetches;
        var lanes = TOps.Lanes;
        var runMask = (1L << groups.RunBits) - 1;
        var c0r = plan.VectorRe[0];
        var c0i = plan.VectorIm[0];
        var c1r = plan.VectorRe[1];
        var c1i = plan.VectorIm[1];
        if (plan.HighCount == 2)
        {
            // Rows: entry 0,1 = row 0 (columns 0,1), entry 2,3 = row 1.
            var c2r = plan.VectorRe[2];
            var c2i = plan.VectorIm[2];
            var c3r = plan.VectorRe[3];
            var c3i = plan.VectorIm[3];
            var offset = plan.Offsets[1];
            var g = start;
            while (g < end)
            {
                var runEnd = Math.Min(end, (g | runMask) + 1);
                var a = groups.BaseIndex(g);
                for (; g < runEnd; g++, a += lanes)
                {
                    var p0 = state + AmplitudeLayout.RealOffset(a);
                    var p1 = p0 + offset;
                    if (prefetches)
                    {
                        Prefetch.Pair(state + AmplitudeLayout.RealOffset(a + (Prefetch.Distance * lanes)), offset);
                    }
                    var x0r = TOps.Load(p0);
                    var x0i = TOps.Load(p0 + AmplitudeLayout.BlockSize);
                    var x1r = TOps.Load(p1);
                    var x1i = TOps.Load(p1 + AmplitudeLayout.BlockSize);
                    var y0r = TOps.MultiplySubtract(c1i, x1i, TOps.MultiplyAdd(c1r, x1r, TOps.MultiplySubtract(c0i, x0i, TOps.Multiply(c0r, x0r))));
                    var y0i = TOps.MultiplyAdd(c1i, x1r, TOps.MultiplyAdd(c1r, x1i, TOps.MultiplyAdd(c0i, x0r, TOps.Multiply(c0r, x0i))));
                    var y1r = TOps.MultiplySubtract(c3i, x1i, TOps.MultiplyAdd(c3r, x1r, TOps.MultiplySubtract(c2i, x0i, TOps.Multiply(c2r, x0r))));
                    var y1i = TOps.MultiplyAdd(c3i, x1r, TOps.MultiplyAdd(c3r, x1i, TOps.MultiplyAdd(c2i, x0r, TOps.Multiply(c2r, x0i))));
                    TOps.Store(p0, y0r);
                    TOps.Store(p0 + AmplitudeLayout.BlockSize, y0i);
                    TOps.Store(p1, y1r);
                    TOps.Store(p1 + AmplitudeLayout.BlockSize, y1i);
                }
            }
        }
        else
        {
            var permutation = plan.LaneIndices[1];
            var g = start;
            while (g < end)
            {
                var runEnd = Math.Min(end, (g | runMask) + 1);
                var a = groups.BaseIndex(g);
                for (; g < runEnd; g++, a += lanes)
                {
                    var p = state + AmplitudeLayout.RealOffset(a);
                    var xr = TOps.Load(p);
                    var xi = TOps.Load(p + AmplitudeLayout.BlockSize);
                    var sr = TOps.Permute(xr, permutation);
                    var si = TOps.Permute(xi, permutation);
                    var yr = TOps.MultiplySubtract(c1i, si, TOps.MultiplyAdd(c1r, sr, TOps.MultiplySubtract(c0i, xi, TOps.Multiply(c0r, xr))));
                    var yi = TOps.MultiplyAdd(c1i, sr, TOps.MultiplyAdd(c1r, si, TOps.MultiplyAdd(c0i, xr, TOps.Multiply(c0r, xi))));
                    TOps.Store(p, yr);
                    TOps.Store(p + AmplitudeLayout.BlockSize, yi);
                }
            }
        }
    }
}
