using System.Security.Cryptography;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Blobs;

/// <summary>
/// A blob being written to a temporary file of a <see cref="DirectoryBlobStore"/>: hashed as it
/// streams, renamed into place under its hash on install, deleted if abandoned. File-system failures
/// surface as <see cref="StorageUnavailableException"/>.
/// </summary>
internal sealed class DirectoryBlobWriter : IBlobWriter
{
    private readonly DirectoryBlobStore _store;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _committed;
    private bool _disposed;
    private string? _name;

    internal DirectoryBlobWriter(DirectoryBlobStore store, string tempPath)
    {
        _store = store;
        _tempPath = tempPath;
        try
        {
            _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
        {
            _hash.Dispose();
            throw store.Unavailable(e);
        }
    }

    public long Length => _file.Length;

    public void Write(ReadOnlySpan<byte> chunk)
    {
        _hash.AppendData(chunk);
        try
        {
            _file.Write(chunk);
        }
        catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
        {
            throw _store.Unavailable(e);
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        _hash.AppendData(chunk.Span);
        try
        {
            await _file.WriteAsync(chunk, cancellationToken);
        }
        catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
        {
            throw _store.Unavailable(e);
        }
    }

    /// <summary>Flushes to disk and installs the blob; returns its SHA-256 name.</summary>
    public string Commit()
    {
        var name = Finish();
        Install();
        return name;
    }

    /// <summary>
    /// Flushes the bytes to disk and returns their SHA-256, installing nothing yet: a caller that
    /// checks the hash against what the sender claimed installs only a match, and disposing the
    /// writer without installing deletes the temporary file.
    /// </summary>
    public string Finish()
    {
        if (_name is not null)
        {
            return _name;
        }
        try
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
        catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
        {
            throw _store.Unavailable(e);
        }
        _name = Convert.ToHexStringLower(_hash.GetHashAndReset());
        return _name;
    }

    /// <summary>
    /// Moves the finished blob into place. False when a blob with these bytes existed already:
    /// it belongs to whoever stored it first and is never this writer's to delete.
    /// </summary>
    public bool Install()
    {
        var created = _store.Install(_tempPath, Finish());
        _committed = true;
        return created;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            // Flushing what is buffered fails on a full disk; the file is deleted all the same.
            _file.Dispose();
        }
        catch (IOException)
        {
        }
        _hash.Dispose();
        if (!_committed)
        {
            File.Delete(_tempPath);
        }
    }
}
