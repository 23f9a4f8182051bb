using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// Decoded programs (stage gate lists, path programs) by SHA-256: a project's units share a few
/// programs, so a volunteer downloads and decodes each once.
/// </summary>
public sealed class ProgramCache
{
    private const int Capacity = 16;
    private readonly Dictionary<string, object> _programs = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public async Task<T> GetAsync<T>(CoordinatorClient client, BlobRef blob, Func<byte[], T> decode, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(decode);
        lock (_gate)
        {
            if (_programs.TryGetValue(blob.Sha256, out var cached) && cached is T typed)
            {
                return typed;
            }
        }
        var program = decode(await client.DownloadAsync(blob, cancellationToken));
        lock (_gate)
        {
            if (_programs.TryAdd(blob.Sha256, program))
            {
                _order.Enqueue(blob.Sha256);
                if (_order.Count > Capacity)
                {
                    _programs.Remove(_order.Dequeue());
                }
            }
        }
        return program;
    }
}
