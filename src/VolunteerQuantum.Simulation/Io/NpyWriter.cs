using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Io;

/// <summary>Writes a state vector as .npy, streaming through a small interleaving buffer (never a full copy).</summary>
public static class NpyWriter
{
    private const int BufferAmplitudes = 1 << 14;

    public static void Write(StateVector state, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(state, stream);
    }

    public static void Write(StateVector state, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(NpyFormat.BuildHeader(state.Precision, state.Length));
        var buffer = new byte[BufferAmplitudes * state.BytesPerAmplitude];
        for (long start = 0; start < state.Length; start += BufferAmplitudes)
        {
            var count = (int)Math.Min(BufferAmplitudes, state.Length - start);
            var bytes = buffer.AsSpan(0, count * state.BytesPerAmplitude);
            state.CopyToInterleavedBytes(start, bytes);
            stream.Write(bytes);
        }
    }
}
