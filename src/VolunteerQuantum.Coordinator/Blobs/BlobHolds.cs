namespace VolunteerQuantum.Coordinator.Blobs;

/// <summary>The open holds of a blob store (see <see cref="IBlobStore.Hold"/>), by when each began.</summary>
internal sealed class BlobHolds
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTime> _open = [];
    private long _next;

    public IDisposable Open(DateTime sinceUtc)
    {
        lock (_gate)
        {
            var id = _next++;
            _open[id] = sinceUtc;
            return new Release(this, id);
        }
    }

    public DateTime? OldestUtc
    {
        get
        {
            lock (_gate)
            {
                return _open.Count == 0 ? null : _open.Values.Min();
            }
        }
    }

    private void Close(long id)
    {
        lock (_gate)
        {
            _open.Remove(id);
        }
    }

    private sealed class Release(BlobHolds holds, long id) : IDisposable
    {
        public void Dispose() => holds.Close(id);
    }
}
