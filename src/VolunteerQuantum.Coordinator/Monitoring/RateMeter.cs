namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>Counts events per second over a sliding window of one-second buckets (for /status throughput).</summary>
public sealed class RateMeter(TimeProvider clock, int windowSeconds = 60)
{
    private readonly long[] _seconds = new long[windowSeconds];
    private readonly long[] _counts = new long[windowSeconds];
    private readonly Lock _gate = new();

    public int WindowSeconds => windowSeconds;

    public void Mark(long count = 1)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(now % windowSeconds);
        lock (_gate)
        {
            if (_seconds[slot] != now)
            {
                _seconds[slot] = now;
                _counts[slot] = 0;
            }
            _counts[slot] += count;
        }
    }

    /// <summary>Events in the window (the current, partial second included).</summary>
    public long Total()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        long total = 0;
        lock (_gate)
        {
            for (var i = 0; i < windowSeconds; i++)
            {
                if (now - _seconds[i] < windowSeconds)
                {
                    total += _counts[i];
                }
            }
        }
        return total;
    }

    public double PerSecond() => Total() / (double)windowSeconds;
}
