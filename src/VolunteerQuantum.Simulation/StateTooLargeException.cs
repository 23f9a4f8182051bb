namespace VolunteerQuantum.Simulation;

/// <summary>
/// A state vector (or the clones a dynamic circuit needs) would exceed the memory limit. Thrown before
/// anything is allocated, so a caller can pick a smaller problem or another strategy (shards).
/// Derives from <see cref="OutOfMemoryException"/> like <see cref="InsufficientMemoryException"/> (which is sealed).
/// </summary>
public sealed class StateTooLargeException : OutOfMemoryException
{
    public StateTooLargeException()
    {
    }

    public StateTooLargeException(string message)
        : base(message)
    {
    }

    public StateTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StateTooLargeException(long bytesNeeded, long bytesAllowed, string what, long bytesRequested)
        : base($"{what} needs {bytesRequested:N0} bytes ({Format(bytesRequested)})"
            + (bytesNeeded != bytesRequested ? $", {bytesNeeded:N0} bytes in all ({Format(bytesNeeded)})" : "")
            + $", but the memory limit allows {bytesAllowed:N0} bytes ({Format(bytesAllowed)}); "
            + "use single precision, fewer qubits per state (shards), or raise the limit")
    {
        BytesNeeded = bytesNeeded;
        BytesAllowed = bytesAllowed;
    }

    /// <summary>A state beyond what any one machine could hold: refused whatever the memory limit.</summary>
    public static StateTooLargeException TooManyQubits(int qubits, int maxQubits)
    {
        var singleBytes = Math.Pow(2, qubits) * 8;
        return new StateTooLargeException(
            $"a {qubits}-qubit state vector has 2^{qubits} amplitudes ({Format(singleBytes)} in single precision, {Format(2 * singleBytes)} in double), "
            + $"and one state vector holds at most {maxQubits} qubits; for amplitudes of a larger circuit let the grid sum Schrödinger–Feynman paths (vq run with --amplitudes)")
        {
            BytesAllowed = 0,
            BytesNeeded = long.MaxValue,
        };
    }

    /// <summary>Bytes the refused allocation would have brought the total (of its budget) to.</summary>
    public long BytesNeeded { get; private init; }

    /// <summary>The configured limit.</summary>
    public long BytesAllowed { get; private init; }

    private static string Format(double bytes)
    {
        string[] units = ["MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
        var value = bytes / (1L << 20);
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return $"{value:F2} {units[unit]}";
    }
}
