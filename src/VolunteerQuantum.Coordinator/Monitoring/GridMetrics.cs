namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>In-memory throughput meters (persistent outcome counters live in the store).</summary>
public sealed class GridMetrics(TimeProvider clock)
{
    public RateMeter WorkRequests { get; } = new(clock);

    public RateMeter Results { get; } = new(clock);

    public RateMeter UnitsVerified { get; } = new(clock);

    public DateTime StartedUtc { get; } = clock.GetUtcNow().UtcDateTime;
}
