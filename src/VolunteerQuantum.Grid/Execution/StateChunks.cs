using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>A state as interleaved little-endian complex bytes, a chunk at a time (one reused buffer, never a full copy).</summary>
public static class StateChunks
{
    public static IEnumerable<ReadOnlyMemory<byte>> Of(StateVector state, int chunkBytes)
    {
        ArgumentNullException.ThrowIfNull(state);
        var perChunk = Math.Max(1, chunkBytes / state.BytesPerAmplitude);
        var buffer = new byte[perChunk * state.BytesPerAmplitude];
        for (long start = 0; start < state.Length; start += perChunk)
        {
            var count = (int)Math.Min(perChunk, state.Length - start);
            var bytes = buffer.AsMemory(0, count * state.BytesPerAmplitude);
            state.CopyToInterleavedBytes(start, bytes.Span);
            yield return bytes;
        }
    }
}
