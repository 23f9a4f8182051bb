namespace VolunteerQuantum.Simulation.StateSpace;

/// <summary>
/// Caps the bytes of all live state vectors that share it (a run's main state plus the clones a
/// dynamic circuit's branches need). A reservation that would exceed the limit is refused up front
/// with <see cref="StateTooLargeException"/>, before any memory is touched.
/// </summary>
public sealed class MemoryBudget
{
    private long _reserved;

    /// <param name="limitBytes">The cap; null means <see cref="DefaultLimitBytes"/>.</param>
    public MemoryBudget(long? limitBytes = null)
    {
        if (limitBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limitBytes), limitBytes, "the memory limit must be positive");
        }
        LimitBytes = limitBytes ?? DefaultLimitBytes;
    }

    /// <summary>80% of the memory the GC reports as available to this process (physical memory or the container limit).</summary>
    public static long DefaultLimitBytes => (long)(0.8 * GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>
    /// The process-wide budget (default limit) for states created without one, so that independent
    /// allocations in one process (a volunteer running several units) cannot add up past the limit.
    /// </summary>
    public static MemoryBudget Shared => SharedBudget.Value;

    private static readonly Lazy<MemoryBudget> SharedBudget = new(() => new MemoryBudget());

    public long LimitBytes { get; }

    public long ReservedBytes => Interlocked.Read(ref _reserved);

    /// <summary>Reserves <paramref name="bytes"/> or throws, naming what needed them.</summary>
    public void Reserve(long bytes, string what)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _reserved);
            var total = current + bytes;
            if (total > LimitBytes || total < current)
            {
                var inUse = current > 0 ? $" (on top of {current:N0} bytes already in use)" : "";
                throw new StateTooLargeException(total, LimitBytes, $"{what}{inUse}", bytes);
            }
            if (Interlocked.CompareExchange(ref _reserved, total, current) == current)
            {
                return;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
