using System.Text;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// Circuit sources by SHA-256, kept in memory: the replicas of one project share one circuit, so
/// a volunteer downloads it once.
/// </summary>
public sealed class CircuitCache
{
    private const int Capacity = 32;
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public async Task<string> GetAsync(CoordinatorClient client, BlobRef blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(blob);
        lock (_gate)
        {
            if (_sources.TryGetValue(blob.Sha256, out var cached))
            {
                return cached;
            }
        }
        var source = Encoding.UTF8.GetString(await client.DownloadAsync(blob, cancellationToken));
        lock (_gate)
        {
            if (_sources.TryAdd(blob.Sha256, source))
            {
                _order.Enqueue(blob.Sha256);
                if (_order.Count > Capacity)
                {
                    _sources.Remove(_order.Dequeue());
                }
            }
        }
        return source;
    }
}
