using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Applies a run of chunk-local gates chunk by chunk: plans are prepared for a state of
/// min(<c>chunkQubits</c>, n) qubits and run on each chunk's memory in turn (a chunk starts on a layout block
/// boundary, so the chunk is itself a valid planar state). Threads take contiguous ranges of chunks.
/// </summary>
internal static unsafe class ChunkedSweep
{
    public static void Apply<T>(StateVector<T> state, KernelPlan<T>[] plans, int chunkQubits, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plans);
        // Plans prepared for a chunkQubits-qubit state cover IndexBits(chunkQubits) index bits (one block at least).
        var planQubits = Math.Min(chunkQubits, state.LocalQubits);
        if (plans.Any(p => p.Qubits != planQubits))
        {
            throw new ArgumentException($"chunk plans must be prepared for {planQubits} qubits", nameof(plans));
        }
        var bits = AmplitudeLayout.IndexBits(planQubits);
        var chunks = state.StoredAmplitudes >> bits;
        ParallelRange.Run(threads, chunks, (1L << bits) * plans.Length, new ChunkJob<T>(plans, state.Data, bits));
    }

    private readonly struct ChunkJob<T>(KernelPlan<T>[] plans, T* data, int bits) : IRangeJob
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Execute(long start, long end)
        {
            for (var c = start; c < end; c++)
            {
                var chunk = data + AmplitudeLayout.RealOffset(c << bits);
                foreach (var plan in plans)
                {
                    plan.Execute(chunk, 0, plan.Items);
                }
            }
        }
    }
}
