using System.Runtime.CompilerServices;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Sampling;

/// <summary>Mid-circuit measurement support: P(qubit = 1), and the projection onto an outcome.</summary>
internal static unsafe class QubitMeasurement
{
    /// <summary>Σ|ψ_i|² over i with bit <paramref name="qubit"/> set, in fixed chunks (thread-count independent).</summary>
    public static double ProbabilityOfOne<T>(StateVector<T> state, int qubit, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var chunk = Math.Min(state.StoredAmplitudes, StateVector<T>.ReductionChunk);
        var chunks = state.StoredAmplitudes / chunk;
        var partial = new double[chunks];
        ParallelRange.Run(threads, chunks, chunk, new OneJob<T>(state.Data, partial, chunk, qubit));
        var sum = 0.0;
        foreach (var p in partial)
        {
            sum += p;
        }
        return sum;
    }

    /// <summary>Projects onto <paramref name="outcome"/> and renormalises (a diagonal gate: zero and 1/√p).</summary>
    public static void Collapse<T>(StateVector<T> state, GateBackend<T> backend, int qubit, bool outcome, double probability, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scale = new Complex(1 / Math.Sqrt(probability), 0);
        var diagonal = outcome ? new[] { Complex.Zero, scale } : [scale, Complex.Zero];
        backend.Apply(state, new FusedGate(FusedGateKind.Diagonal, [qubit], diagonal), threads);
    }

    /// <summary>X on <paramref name="qubit"/> (reset after a |1⟩ outcome).</summary>
    public static void Flip<T>(StateVector<T> state, GateBackend<T> backend, int qubit, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        backend.Apply(state, new FusedGate(FusedGateKind.Dense, [qubit], [Complex.Zero, Complex.One, Complex.One, Complex.Zero]), threads);

    private readonly struct OneJob<T>(T* data, double[] partial, long chunk, int qubit) : IRangeJob
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop: never run it at tier 0
        public void Execute(long start, long end)
        {
            for (var c = start; c < end; c++)
            {
                var first = c * chunk;
                double sum = 0;
                if (qubit >= AmplitudeLayout.BlockBits)
                {
                    // Bit q ≥ 4 selects whole blocks: runs of 2^q amplitudes, summed with SIMD.
                    var run = 1L << qubit;
                    for (var a = first; a < first + chunk; a += run)
                    {
                        var from = Math.Max(a, first);
                        if ((from & run) == 0)
                        {
                            continue;
                        }
                        var to = Math.Min(first + chunk, (from | (run - 1)) + 1);
                        sum += StateReductions.SumSquares(data + AmplitudeLayout.RealOffset(from), 2 * (to - from));
                    }
                }
                else
                {
                    for (var i = first; i < first + chunk; i++)
                    {
                        if (((i >> qubit) & 1) != 0)
                        {
                            var p = data + AmplitudeLayout.RealOffset(i);
                            var re = double.CreateTruncating(p[0]);
                            var im = double.CreateTruncating(p[AmplitudeLayout.BlockSize]);
                            sum += (re * re) + (im * im);
                        }
                    }
                }
                partial[c] = sum;
            }
        }
    }
}
