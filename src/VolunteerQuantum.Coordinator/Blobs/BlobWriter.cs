using System.Security.Cryptography;

namespace VolunteerQuantum.Coordinator.Blobs;

/// <summary>A blob being written: hashed as it streams, installed under its hash on commit, deleted if abandoned.</summary>
public sealed class BlobWriter : IDisposable
{
    private readonly BlobStore _store;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _committed;

    internal BlobWriter(BlobStore store, string tempPath)
    {
        _store = store;
        _tempPath = tempPath;
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public long Length => _file.Length;

    public void Write(ReadOnlySpan<byte> chunk)
    {
        _hash.AppendData(chunk);
        _file.Write(chunk);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        _hash.AppendData(chunk.Span);
        await _file.WriteAsync(chunk, cancellationToken);
    }

    /// <summary>Flushes to disk and installs the blob; returns its SHA-256 name.</summary>
    public string Commit()
    {
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _committed = true;
        return _store.Install(_tempPath, _hash);
    }

    public void Dispose()
    {
        _file.Dispose();
        _hash.Dispose();
        if (!_committed)
        {
            File.Delete(_tempPath);
        }
    }
}
