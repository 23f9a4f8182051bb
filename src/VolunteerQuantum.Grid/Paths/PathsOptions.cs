namespace VolunteerQuantum.Grid.Paths;

/// <summary>How a volunteer sums paths (not which: that is the unit's path range and amplitudes).</summary>
public sealed record PathsOptions
{
    /// <summary>complex64 half-states instead of complex128.</summary>
    public bool SinglePrecision { get; init; }

    /// <summary>Threads for the kernels.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Cap on all half-states of the unit (working states and prefix caches); 0 means the engine's default limit.</summary>
    public long MaxMemoryBytes { get; init; }

    /// <summary>
    /// Keep the half-states after shallow cut gates and restart later paths from them. Off only for tests
    /// and measurements: the sums are bit-for-bit the same either way.
    /// </summary>
    public bool CachePrefixes { get; init; } = true;
}
