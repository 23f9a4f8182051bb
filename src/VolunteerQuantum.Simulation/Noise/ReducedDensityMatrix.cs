using System.Runtime.CompilerServices;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Noise;

/// <summary>
/// ρ_Q = Tr_rest |ψ⟩⟨ψ| on a few qubits Q, in one pass over the state: what a trajectory needs to pick a
/// Kraus branch, since ‖Kᵢψ‖² = Tr(Kᵢ ρ_Q Kᵢ†). Partial sums over fixed chunks, added in order, so the
/// result does not depend on the thread count.
/// </summary>
internal static unsafe class ReducedDensityMatrix
{
    /// <summary>Bases (indices with the Q bits zero) per partial sum.</summary>
    private const long ChunkBases = 1 << 12;

    /// <summary>Row-major 2^k × 2^k matrix; index bit j is qubit <paramref name="qubits"/>[j].</summary>
    public static Complex[] Compute<T>(StateVector<T> state, IReadOnlyList<int> qubits, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var k = qubits.Count;
        var dim = 1 << k;
        var bases = Math.Max(1, state.StoredAmplitudes >> k);
        var chunk = Math.Min(bases, ChunkBases);
        var chunks = bases / chunk;
        var partial = new Complex[chunks * dim * dim];
        var sorted = qubits.Order().ToArray();
        var offsets = new long[dim];
        for (var m = 0; m < dim; m++)
        {
            long index = 0;
            for (var j = 0; j < k; j++)
            {
                index |= (long)((m >> j) & 1) << qubits[j];
            }
            offsets[m] = index;
        }
        ParallelRange.Run(threads, chunks, chunk, new Job<T>(state.Data, partial, chunk, dim, sorted, offsets));
        var rho = new Complex[dim * dim];
        for (var c = 0; c < chunks; c++)
        {
            for (var e = 0; e < rho.Length; e++)
            {
                rho[e] += partial[(c * dim * dim) + e];
            }
        }
        return rho;
    }

    private readonly struct Job<T>(T* data, Complex[] partial, long chunk, int dim, int[] sorted, long[] offsets) : IRangeJob
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(long start, long end)
        {
            Span<double> re = stackalloc double[dim];
            Span<double> im = stackalloc double[dim];
            var sum = new Complex[dim * dim];
            for (var c = start; c < end; c++)
            {
                Array.Clear(sum);
                for (var b = c * chunk; b < (c + 1) * chunk; b++)
                {
                    var baseIndex = b;
                    foreach (var q in sorted)
                    {
                        // Insert a zero at bit q.
                        baseIndex = ((baseIndex >> q) << (q + 1)) | (baseIndex & ((1L << q) - 1));
                    }
                    for (var m = 0; m < dim; m++)
                    {
                        var p = data + AmplitudeLayout.RealOffset(baseIndex | offsets[m]);
                        re[m] = double.CreateTruncating(p[0]);
                        im[m] = double.CreateTruncating(p[AmplitudeLayout.BlockSize]);
                    }
                    for (var r = 0; r < dim; r++)
                    {
                        for (var s = 0; s < dim; s++)
                        {
                            // ψ_r · conj(ψ_s)
                            sum[(r * dim) + s] += new Complex((re[r] * re[s]) + (im[r] * im[s]), (im[r] * re[s]) - (re[r] * im[s]));
                        }
                    }
                }
                sum.CopyTo(partial, c * dim * dim);
            }
        }
    }
}
