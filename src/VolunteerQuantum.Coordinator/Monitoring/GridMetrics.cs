namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>In-memory throughput meters (persistent outcome counters live in the store).</summary>
public sealed class GridMetrics(TimeProvider clock)
{
    public RateMeter WorkRequests { get; } = new(clock);

    public RateMeter Results { get; } = new(clock);

    public RateMeter UnitsVerified { get; } = new(clock);

    public DateTime StartedUtc { get; } = clock.GetUtcNow().UtcDateTime;

    private long _blobsDeleted;
    private long _blobBytesDeleted;

    public long BlobsDeleted => Interlocked.Read(ref _blobsDeleted);

    public long BlobBytesDeleted => Interlocked.Read(ref _blobBytesDeleted);

    public void BlobsReaped(int count, long bytes)
    {
        Interlocked.Add(ref _blobsDeleted, count);
        Interlocked.Add(ref _blobBytesDeleted, bytes);
    }
}
