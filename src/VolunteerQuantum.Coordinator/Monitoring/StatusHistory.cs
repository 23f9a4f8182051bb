using Microsoft.Extensions.Options;
using V1 = VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>
/// The last samples of the grid status, in a ring buffer in memory, so that a freshly opened
/// console has charts at once. Reading it copies a few hundred small messages and never touches
/// the store.
/// </summary>
public sealed class StatusHistory(IOptions<CoordinatorOptions> options)
{
    private readonly V1.StatusSample[] _ring = new V1.StatusSample[Math.Max(1, options.Value.HistorySamples)];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Record(V1.GridStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var sample = new V1.StatusSample
        {
            Time = status.Now,
            WorkRequestsPerSecond = status.Throughput.WorkRequestsPerSecond,
            ResultsPerMinute = status.Throughput.ResultsPerMinute,
            UnitsVerifiedPerMinute = status.Throughput.UnitsVerifiedPerMinute,
            Verification = status.Verification,
            Hosts = status.Hosts,
        };
        lock (_gate)
        {
            _ring[_next] = sample;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>Oldest first.</summary>
    public V1.StatusHistory Snapshot()
    {
        var history = new V1.StatusHistory { SampleSeconds = options.Value.HistorySampleSeconds, MaxSamples = _ring.Length };
        lock (_gate)
        {
            var first = (_next - _count + _ring.Length) % _ring.Length;
            for (var i = 0; i < _count; i++)
            {
                history.Samples.Add(_ring[(first + i) % _ring.Length]);
            }
        }
        return history;
    }
}
