using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Io;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>A read-only stream of a NumPy .npy header followed by a stored state blob (raw little-endian complex).</summary>
internal static class NpyStream
{
    public static Stream Wrap(Stream data, long dataLength, bool singlePrecision)
    {
        var precision = singlePrecision ? Precision.Single : Precision.Double;
        var header = NpyFormat.BuildHeader(precision, dataLength / (singlePrecision ? 8 : 16));
        return new ConcatenatedStream(new MemoryStream(header, writable: false), data);
    }
}
