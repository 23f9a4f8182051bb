namespace VolunteerQuantum.Coordinator.Blobs;

/// <summary>
/// Where the coordinator keeps its blobs (circuits, programs, shard plans and sets, shards, states,
/// result documents): a directory that several coordinators may share
/// (<see cref="DirectoryBlobStore"/>, a network file system as BOINC's upload and download
/// directories), or later an object store. An implementation must guarantee four things. Content
/// addressing: a blob is named by the lowercase hex SHA-256 of its bytes (<see cref="BlobNames"/>),
/// so storing the same bytes twice stores them once. Completeness: a blob that exists is complete;
/// a write becomes visible under its name all at once or not at all, and an abandoned write leaves
/// nothing visible. Age: storing bytes that exist already counts as storing them again, so the
/// blob is young once more for the blob reaper's grace period (<see cref="DeleteIfUnchangedSince"/>)
/// and is never reaped under a record that is about to name it. Holds: while a
/// <see cref="Hold"/> is open, <see cref="OldestHoldUtc"/> says since when, and the reaper keeps
/// every blob stored after that. A store that refuses writes (full, read-only, unreachable) throws
/// <see cref="Storage.StorageUnavailableException"/>, having changed nothing.
/// </summary>
public interface IBlobStore
{
    /// <summary>Where the blobs are, for logs and the startup print ("directory /x/blobs").</summary>
    string Description { get; }

    /// <summary>Whether a blob of this name is stored (false for anything that is not a blob name).</summary>
    bool Exists(string sha256);

    /// <summary>The size of a stored blob in bytes.</summary>
    long Length(string sha256);

    /// <summary>
    /// Opens a stored blob for reading from its start; throws <see cref="FileNotFoundException"/>
    /// when it is absent (never stored, or reaped since) or the name is not a blob name.
    /// </summary>
    Stream OpenRead(string sha256);

    /// <summary>Stores <paramref name="bytes"/> and returns their name, whether or not they were stored already.</summary>
    string Put(ReadOnlySpan<byte> bytes);

    /// <summary>Starts a streamed write: append chunks, then <see cref="IBlobWriter.Commit"/>.</summary>
    IBlobWriter BeginWrite();

    /// <summary>Deletes a blob now, whatever its age; nothing when it is absent or the name is not a blob name.</summary>
    void Delete(string sha256);

    /// <summary>
    /// Keeps every blob stored from now on from being reaped until the hold is disposed: for a
    /// writer that stores blobs first and the record naming them later (a submission, a reshuffle,
    /// which can take longer than any grace period).
    /// </summary>
    IDisposable Hold();

    /// <summary>When the oldest open <see cref="Hold"/> began; null when none is open.</summary>
    DateTime? OldestHoldUtc { get; }

    /// <summary>Lists every stored blob by name, never a write in progress nor anything that is not a blob.</summary>
    IEnumerable<string> EnumerateNames();

    /// <summary>
    /// Deletes a blob unless it was stored (or stored again) after <paramref name="cutoffUtc"/>;
    /// returns the bytes freed, or null when it was kept or absent. The check and the delete are one
    /// step against a store of the same bytes, so a re-put either comes first and keeps the blob, or
    /// comes after and stores it anew. A directory compares the file's last write time; an object
    /// store compares its last-modified time (and deletes only if that has not changed). Throws
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when this one blob
    /// cannot be deleted: the reaper skips it and goes on.
    /// </summary>
    long? DeleteIfUnchangedSince(string sha256, DateTime cutoffUtc);
}

/// <summary>
/// A blob being written: hashed as it streams, stored under its hash on commit, discarded if
/// disposed before that. Storage failures surface as <see cref="Storage.StorageUnavailableException"/>.
/// </summary>
public interface IBlobWriter : IDisposable
{
    /// <summary>The bytes written so far.</summary>
    long Length { get; }

    void Write(ReadOnlySpan<byte> chunk);

    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>Finishes and stores the blob; returns its SHA-256 name.</summary>
    string Commit();

    /// <summary>
    /// Makes the bytes durable and returns their SHA-256, storing nothing under that name yet: a
    /// caller that checks the hash against what the sender claimed stores only a match, and
    /// disposing the writer without <see cref="Install"/> discards the bytes.
    /// </summary>
    string Finish();

    /// <summary>
    /// Makes the finished blob visible under its name, all at once. False when a blob with these
    /// bytes existed already (it is then young again, as stored anew): it belongs to whoever stored
    /// it first and is never this writer's to delete.
    /// </summary>
    bool Install();
}
