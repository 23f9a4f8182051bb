using System.Collections.Concurrent;

namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>
/// Each running project's work done over time, sampled by the progress monitor, and from it the
/// recent rate (units of work per second over the last window) and the time left at that rate.
/// The rate is only given once the samples span <see cref="MinimumSpan"/>: two samples a moment
/// apart say nothing about a unit that takes an hour.
/// </summary>
public sealed class ThroughputTracker(TimeProvider clock, TimeSpan window)
{
    public static readonly TimeSpan MinimumSpan = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, Queue<(DateTime At, double Units)>> _samples = new(StringComparer.Ordinal);

    /// <summary>Records the project's units of work done now; returns the rate over the window, the window's span, and the seconds left (null: unknown).</summary>
    public (double UnitsPerSecond, double WindowSeconds, double? EtaSeconds) Record(string projectId, double unitsDone, int unitsTotal)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var samples = _samples.GetOrAdd(projectId, _ => new Queue<(DateTime, double)>());
        lock (samples)
        {
            samples.Enqueue((now, unitsDone));
            while (samples.Count > 1 && now - samples.Peek().At > window)
            {
                samples.Dequeue();
            }
            var (at, units) = samples.Peek();
            var span = now - at;
            if (span < MinimumSpan)
            {
                return (0, span.TotalSeconds, null);
            }
            // Work can go back (a disagreement wants more replicas): no progress, not a negative rate.
            var rate = Math.Max(0, (unitsDone - units) / span.TotalSeconds);
            double? eta = rate > 0 ? Math.Max(0, unitsTotal - unitsDone) / rate : null;
            return (rate, span.TotalSeconds, eta);
        }
    }

    /// <summary>Forgets the projects not in <paramref name="running"/> (ended, or gone).</summary>
    public void Keep(IReadOnlySet<string> running)
    {
        ArgumentNullException.ThrowIfNull(running);
        foreach (var id in _samples.Keys)
        {
            if (!running.Contains(id))
            {
                _samples.TryRemove(id, out _);
            }
        }
    }
}
