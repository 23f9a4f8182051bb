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
        : base($"{what} needs {bytesRequested:N0} bytes ({Format(bytesRequested)}), {bytesNeeded:N0} bytes in all ({Format(bytesNeeded)}), but the memory limit allows {bytesAllowed:N0} bytes ({Format(bytesAllowed)}); "
            + "use single precision, fewer qubits per state (shards), or raise the limit")
    {
        BytesNeeded = bytesNeeded;
        BytesAllowed = bytesAllowed;
    }

    /// <summary>Bytes the refused allocation would have brought the total (of its budget) to.</summary>
    public long BytesNeeded { get; }

    /// <summary>The configured limit.</summary>
    public long BytesAllowed { get; }

    private static string Format(long bytes) => bytes >= 1L << 30
        ? $"{bytes / (double)(1L << 30):F2} GiB"
        : $"{bytes / (double)(1L << 20):F2} MiB";
}
