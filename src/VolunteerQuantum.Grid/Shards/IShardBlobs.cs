namespace VolunteerQuantum.Grid.Shards;

/// <summary>Where shard blobs are read and written (the coordinator's blob store; memory in tests).</summary>
public interface IShardBlobs
{
    /// <summary>Opens a stored blob for reading; the stream must support seeking.</summary>
    Stream OpenRead(string blob);

    /// <summary>Starts a new blob; the returned writer names it on commit.</summary>
    IShardBlobWriter Create();
}

/// <summary>A blob being written.</summary>
public interface IShardBlobWriter : IDisposable
{
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Finishes the blob and returns its name.</summary>
    string Commit();
}
