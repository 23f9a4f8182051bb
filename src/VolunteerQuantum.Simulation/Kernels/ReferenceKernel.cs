using System.Numerics;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// The obviously correct way to apply a gate to a small interleaved amplitude array, index by index.
/// Tests compare every SIMD kernel against it; fusion uses it to multiply gates into block matrices
/// (a block matrix's columns are just small state vectors).
/// </summary>
internal static class ReferenceKernel
{
    /// <summary>Applies a dense matrix on <paramref name="targets"/> under controls.</summary>
    public static void ApplyDense(Span<Complex> amplitudes, IReadOnlyList<int> targets, IReadOnlyList<Complex> matrix, IReadOnlyList<int> controls, IReadOnlyList<bool> controlValues)
    {
        var k = targets.Count;
        var dim = 1 << k;
        long targetMask = 0;
        foreach (var t in targets)
        {
            targetMask |= 1L << t;
        }
        long controlMask = 0;
        long controlValue = 0;
        for (var i = 0; i < controls.Count; i++)
        {
            controlMask |= 1L << controls[i];
            controlValue |= controlValues[i] ? 1L << controls[i] : 0;
        }
        Span<Complex> input = stackalloc Complex[dim];
        Span<long> index = stackalloc long[dim];
        for (long i = 0; i < amplitudes.Length; i++)
        {
            if ((i & targetMask) != 0 || (i & controlMask) != controlValue)
            {
                continue;
            }
            for (var m = 0; m < dim; m++)
            {
                var idx = i;
                for (var j = 0; j < k; j++)
                {
                    if (((m >> j) & 1) != 0)
                    {
                        idx |= 1L << targets[j];
                    }
                }
                index[m] = idx;
                input[m] = amplitudes[(int)idx];
            }
            for (var r = 0; r < dim; r++)
            {
                var sum = Complex.Zero;
                for (var c = 0; c < dim; c++)
                {
                    sum += matrix[(r * dim) + c] * input[c];
                }
                amplitudes[(int)index[r]] = sum;
            }
        }
    }

    /// <summary>Multiplies amplitude i by diagonal[m(i)], m(i) = bits of i at the targets.</summary>
    public static void ApplyDiagonal(Span<Complex> amplitudes, IReadOnlyList<int> targets, IReadOnlyList<Complex> diagonal)
    {
        for (var i = 0; i < amplitudes.Length; i++)
        {
            var m = 0;
            for (var j = 0; j < targets.Count; j++)
            {
                m |= ((i >> targets[j]) & 1) << j;
            }
            amplitudes[i] *= diagonal[m];
        }
    }
}
