using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Blobs;

/// <summary>
/// Content-addressed blobs in a directory (<see cref="IBlobStore"/>): each blob is named by the
/// SHA-256 of its bytes, under <c>blobs/ab/abcd…</c>. Writes go to a temporary file first and are
/// renamed into place, so a blob that exists is always complete, and writing the same bytes twice
/// stores them once. Blobs nothing names any more are removed by the blob reaper
/// (<see cref="Pipeline.BlobReaper"/>), only once they are older than its grace period: storing
/// bytes that already exist makes them young again (their file's last write time), so a blob a new
/// record is about to name is never reaped under it. Several coordinators may share the directory;
/// the holds and the gate between a re-put and the reaper's check are this process's own.
/// </summary>
public sealed class DirectoryBlobStore : IBlobStore
{
    private readonly string _directory;
    private readonly string _root;
    private readonly string _temp;

    // Install's exists-check and refresh, and the reaper's age-check and delete, are each one step
    // under this lock: otherwise the reaper could see an old blob, a re-put refresh it and rely on
    // it, and the reaper delete it anyway.
    private readonly Lock _installGate = new();
    private readonly BlobHolds _holds = new();

    /// <summary>The blobs under <paramref name="blobDirectory"/>, or DATA_DIR/blobs when it is null or empty.</summary>
    public DirectoryBlobStore(string dataDirectory, string? blobDirectory = null)
    {
        _directory = dataDirectory;
        _root = string.IsNullOrWhiteSpace(blobDirectory) ? Path.Combine(dataDirectory, "blobs") : Path.GetFullPath(blobDirectory);
        _temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(_temp);
        // Temporary files left by a crash are incomplete by definition. Other coordinators may
        // share the directory and be writing theirs now: only files an hour old are stale.
        var staleBefore = DateTime.UtcNow - TimeSpan.FromHours(1);
        foreach (var stale in Directory.EnumerateFiles(_temp))
        {
            if (File.GetLastWriteTimeUtc(stale) < staleBefore)
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>Where the blobs are.</summary>
    public string Root => _root;

    public string Description => $"directory {_root}";

    public bool Exists(string sha256) => BlobNames.IsValid(sha256) && File.Exists(PathOf(sha256));

    public long Length(string sha256) => new FileInfo(PathOf(sha256)).Length;

    /// <summary>Opens a blob for reading; throws <see cref="FileNotFoundException"/> when absent.</summary>
    public Stream OpenRead(string sha256)
    {
        if (!BlobNames.IsValid(sha256))
        {
            throw new FileNotFoundException($"'{sha256}' is not a blob name");
        }
        return new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }

    public string Put(ReadOnlySpan<byte> bytes)
    {
        using var writer = BeginWrite();
        writer.Write(bytes);
        return writer.Commit();
    }

    public IBlobWriter BeginWrite() => new DirectoryBlobWriter(this, Path.Combine(_temp, Guid.NewGuid().ToString("N")));

    public void Delete(string sha256)
    {
        if (BlobNames.IsValid(sha256))
        {
            File.Delete(PathOf(sha256));
        }
    }

    /// <summary>
    /// Keeps every blob written from now on from being reaped until the hold is disposed: for a
    /// writer that stores blobs first and the record naming them later (a submission, a reshuffle,
    /// which can take longer than any grace period).
    /// </summary>
    public IDisposable Hold() => _holds.Open(DateTime.UtcNow);

    /// <summary>When the oldest open <see cref="Hold"/> began; null when none is open.</summary>
    public DateTime? OldestHoldUtc => _holds.OldestUtc;

    /// <summary>The names of every blob on disk (never the temporary files being written).</summary>
    public IEnumerable<string> EnumerateNames()
    {
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            var prefix = Path.GetFileName(folder);
            if (prefix.Length != 2)
            {
                // "tmp", and whatever else is not a blob folder.
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var name = Path.GetFileName(file);
                if (BlobNames.IsValid(name) && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>
    /// Deletes a blob unless it was written (or stored again) after <paramref name="cutoffUtc"/>;
    /// returns the bytes freed, or null when it was kept or absent. The check and the delete are one
    /// step against <see cref="Install"/>, so a re-put either comes first and keeps the blob, or
    /// comes after and writes it anew.
    /// </summary>
    public long? DeleteIfUnchangedSince(string sha256, DateTime cutoffUtc)
    {
        if (!BlobNames.IsValid(sha256))
        {
            return null;
        }
        var file = new FileInfo(PathOf(sha256));
        lock (_installGate)
        {
            file.Refresh();
            if (!file.Exists || file.LastWriteTimeUtc > cutoffUtc)
            {
                return null;
            }
            var length = file.Length;
            file.Delete();
            return length;
        }
    }

    internal string PathOf(string sha256) => Path.Combine(_root, sha256[..2], sha256);

    /// <summary>Moves a complete temporary file into place; false when the blob was there already.</summary>
    internal bool Install(string tempPath, string name)
    {
        var target = PathOf(name);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            lock (_installGate)
            {
                if (File.Exists(target))
                {
                    // Whoever stored these bytes now relies on them: young again, the reaper's
                    // grace period covers them until the record naming them is written.
                    File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
                    File.Delete(tempPath);
                    return false;
                }
                File.Move(tempPath, target, overwrite: true);
                return true;
            }
        }
        catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
        {
            throw Unavailable(e);
        }
    }

    internal StorageUnavailableException Unavailable(Exception cause) => StorageUnavailableException.At(_directory, cause);
}
