using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VolunteerQuantum.Simulation.Kernels;

namespace VolunteerQuantum.Simulation.StateSpace;

/// <summary>
/// Sums over the whole state. Each fixed-size chunk is summed on its own (SIMD inside) and the chunk sums
/// are added in chunk order, so a result has the same bits whatever the thread count — which is what
/// makes sampling reproducible across thread counts.
/// </summary>
internal static unsafe class StateReductions
{
    public static double NormSquared<T>(StateVector<T> state, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var partial = ChunkSquares(state, threads);
        var sum = 0.0;
        foreach (var p in partial)
        {
            sum += p;
        }
        return sum;
    }

    /// <summary>Σ|ψ_i|² per chunk of <see cref="StateVector{T}.ReductionChunk"/> amplitudes.</summary>
    public static double[] ChunkSquares<T>(StateVector<T> state, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var chunk = Math.Min(state.StoredAmplitudes, StateVector<T>.ReductionChunk);
        var chunks = state.StoredAmplitudes / chunk;
        var result = new double[chunks];
        var job = new SquaresJob<T>(state.Data, result, chunk);
        ParallelRange.Run(threads, chunks, chunk, job);
        return result;
    }

    /// <summary>Σ x² over <paramref name="count"/> consecutive elements (a multiple of 16).</summary>
    public static double SumSquares<T>(T* data, long count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return KernelSelector.Best switch
        {
            KernelWidth.Vector512 => SumSquares<T, Vector512<T>, Vector512Lanes<T>>(data, count),
            KernelWidth.Vector256 => SumSquares<T, Vector256<T>, Vector256Lanes<T>>(data, count),
            KernelWidth.Vector128 => SumSquares<T, Vector128<T>, Vector128Lanes<T>>(data, count),
            _ => SumSquares<T, T, ScalarLanes<T>>(data, count),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: never run it at tier 0
    private static double SumSquares<T, TVec, TOps>(T* data, long count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : struct, ILaneOps<T, TVec>
    {
        // Inner sums of 64 registers in T, outer sum in double: float states keep ~7 digits.
        var total = 0.0;
        var lanes = TOps.Lanes;
        var step = 64L * lanes;
        for (long i = 0; i < count; i += step)
        {
            var end = Math.Min(count, i + step);
            var acc0 = TOps.Zero;
            var acc1 = TOps.Zero;
            var j = i;
            for (; j + (2 * lanes) <= end; j += 2 * lanes)
            {
                var a = TOps.Load(data + j);
                var b = TOps.Load(data + j + lanes);
                acc0 = TOps.MultiplyAdd(a, a, acc0);
                acc1 = TOps.MultiplyAdd(b, b, acc1);
            }
            for (; j < end; j += lanes)
            {
                var a = TOps.Load(data + j);
                acc0 = TOps.MultiplyAdd(a, a, acc0);
            }
            total += double.CreateTruncating(TOps.Sum(TOps.Add(acc0, acc1)));
        }
        return total;
    }

    private readonly struct SquaresJob<T>(T* data, double[] result, long chunk) : IRangeJob
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Execute(long start, long end)
        {
            for (var c = start; c < end; c++)
            {
                // A chunk of amplitudes is 2·chunk consecutive elements (whole blocks).
                result[c] = SumSquares(data + (2 * c * chunk), 2 * chunk);
            }
        }
    }
}
