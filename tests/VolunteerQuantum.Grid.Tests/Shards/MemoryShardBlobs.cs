using System.Security.Cryptography;
using VolunteerQuantum.Grid.Shards;

namespace VolunteerQuantum.Grid.Tests.Shards;

/// <summary>Shard blobs in memory, named by SHA-256 like the coordinator's store.</summary>
internal sealed class MemoryShardBlobs : IShardBlobs
{
    public Dictionary<string, byte[]> Blobs { get; } = [];

    public Stream OpenRead(string blob) => new MemoryStream(Blobs[blob], writable: false);

    public IShardBlobWriter Create() => new Writer(this);

    public string Put(byte[] bytes)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Blobs[name] = bytes;
        return name;
    }

    private sealed class Writer(MemoryShardBlobs owner) : IShardBlobWriter
    {
        private readonly MemoryStream _buffer = new();

        public void Write(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

        public string Commit() => owner.Put(_buffer.ToArray());

        public void Dispose() => _buffer.Dispose();
    }
}
