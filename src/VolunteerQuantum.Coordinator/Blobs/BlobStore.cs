using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Blobs;

/// <summary>
/// Content-addressed blobs on disk: each blob is named by the SHA-256 of its bytes, under
/// <c>blobs/ab/abcd…</c>. Writes go to a temporary file first and are renamed into place, so a
/// blob that exists is always complete, and writing the same bytes twice stores them once.
/// </summary>
public sealed class BlobStore
{
    private readonly string _directory;
    private readonly string _root;
    private readonly string _temp;

    public BlobStore(string dataDirectory)
    {
        _directory = dataDirectory;
        _root = Path.Combine(dataDirectory, "blobs");
        _temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(_temp);
        // Temporary files left by a crash are incomplete by definition.
        foreach (var stale in Directory.EnumerateFiles(_temp))
        {
            File.Delete(stale);
        }
    }

    public static bool IsValidName(string? sha256) =>
        sha256 is { Length: 64 } && sha256.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public bool Exists(string sha256) => IsValidName(sha256) && File.Exists(PathOf(sha256));

    public long Length(string sha256) => new FileInfo(PathOf(sha256)).Length;

    /// <summary>Opens a blob for reading; throws <see cref="FileNotFoundException"/> when absent.</summary>
    public Stream OpenRead(string sha256)
    {
        if (!IsValidName(sha256))
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

    /// <summary>Starts a streamed write: append chunks, then <see cref="BlobWriter.Commit"/>.</summary>
    public BlobWriter BeginWrite() => new(this, Path.Combine(_temp, Guid.NewGuid().ToString("N")));

    public void Delete(string sha256)
    {
        if (IsValidName(sha256))
        {
            File.Delete(PathOf(sha256));
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
            if (File.Exists(target))
            {
                File.Delete(tempPath);
                return false;
            }
            File.Move(tempPath, target, overwrite: true);
            return true;
        }
        catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
        {
            throw Unavailable(e);
        }
    }

    internal StorageUnavailableException Unavailable(Exception cause) => StorageUnavailableException.At(_directory, cause);
}
