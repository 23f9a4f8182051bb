using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Io;

/// <summary>Reads a .npy complex vector (&lt;c8 or &lt;c16, length a power of two) into a new state, streaming.</summary>
public static class NpyReader
{
    private const int BufferAmplitudes = 1 << 14;

    public static StateVector Read(string path, MemoryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, budget);
    }

    public static StateVector Read(Stream stream, MemoryBudget? budget = null)
    {
        var (precision, length) = NpyFormat.ReadHeader(stream);
        if (length <= 0 || (length & (length - 1)) != 0)
        {
            throw new InvalidDataException($".npy vector length {length} is not a power of two");
        }
        var qubits = BitOperations.Log2((ulong)length);
        var state = StateVector.Create(qubits, precision, budget);
        try
        {
            var buffer = new byte[BufferAmplitudes * state.BytesPerAmplitude];
            for (long start = 0; start < length; start += BufferAmplitudes)
            {
                var count = (int)Math.Min(BufferAmplitudes, length - start);
                var bytes = buffer.AsSpan(0, count * state.BytesPerAmplitude);
                stream.ReadExactly(bytes);
                state.CopyFromInterleavedBytes(start, bytes);
            }
            return state;
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }
}
