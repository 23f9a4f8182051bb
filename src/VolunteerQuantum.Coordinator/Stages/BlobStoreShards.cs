using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Grid.Shards;

namespace VolunteerQuantum.Coordinator.Stages;

/// <summary>The blob store seen as shard storage by the Grid library's reshuffler and output readers.</summary>
public sealed class BlobStoreShards(IBlobStore blobs) : IShardBlobs
{
    public long BytesWritten { get; private set; }

    public Stream OpenRead(string blob) => blobs.OpenRead(blob);

    public IShardBlobWriter Create() => new Writer(this, blobs.BeginWrite());

    private sealed class Writer(BlobStoreShards owner, IBlobWriter writer) : IShardBlobWriter
    {
        public void Write(ReadOnlySpan<byte> bytes)
        {
            writer.Write(bytes);
            owner.BytesWritten += bytes.Length;
        }

        public string Commit() => writer.Commit();

        public void Dispose() => writer.Dispose();
    }
}
