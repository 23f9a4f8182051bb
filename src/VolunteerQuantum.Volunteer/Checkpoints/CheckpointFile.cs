using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Volunteer.Checkpoints;

/// <summary>
/// The checkpoint file: "VQCKPT1\n", the header (int32 length + UTF-8 JSON), the assignment
/// (int32 length + protobuf), the state (int64 length + little-endian interleaved complex), and a
/// SHA-256 of everything before it. It is written to a temporary file, flushed to disk and renamed,
/// so a crash leaves either the old checkpoint or the new one, and a torn or altered file fails its
/// checksum instead of resuming from garbage.
/// </summary>
public static class CheckpointFile
{
    public const string Extension = ".vqck";

    private const int ChunkBytes = 1 << 20;
    private const int MaxHeaderBytes = 1 << 20;
    private const int MaxAssignmentBytes = 64 << 20;
    private static readonly byte[] Magic = "VQCKPT1\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Write(string path, CheckpointHeader header, ReadOnlySpan<byte> assignment, StateVector state)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(state);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, ChunkBytes))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            void Put(ReadOnlySpan<byte> bytes)
            {
                hash.AppendData(bytes);
                file.Write(bytes);
            }

            Put(Magic);
            var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header with { AssignmentSha256 = Convert.ToHexStringLower(SHA256.HashData(assignment)) }, Json);
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(length, headerBytes.Length);
            Put(length[..4]);
            Put(headerBytes);
            BinaryPrimitives.WriteInt32LittleEndian(length, assignment.Length);
            Put(length[..4]);
            Put(assignment);
            BinaryPrimitives.WriteInt64LittleEndian(length, header.StateBytes);
            Put(length);
            foreach (var chunk in StateChunks.Of(state, ChunkBytes))
            {
                Put(chunk.Span);
            }
            file.Write(hash.GetHashAndReset());
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Reads the header and assignment (not the state), checking the assignment against its SHA-256 in
    /// the header; throws <see cref="InvalidDataException"/> for anything malformed.
    /// </summary>
    public static StoredCheckpoint ReadHeader(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return ReadPrefix(path, file, hash);
    }

    /// <summary>Reads the whole file and checks its SHA-256; throws <see cref="InvalidDataException"/> if it does not match.</summary>
    public static StoredCheckpoint Verify(string path) => ReadAll(path, null);

    /// <summary>Fills <paramref name="state"/> from the file, checking the SHA-256 on the way (the state is unusable if this throws).</summary>
    public static void LoadState(string path, StateVector state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ReadAll(path, state);
    }

    private static StoredCheckpoint ReadAll(string path, StateVector? state)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var stored = ReadPrefix(path, file, hash);
        var bytes = stored.Header.StateBytes;
        if (state is not null && bytes != state.Length * state.BytesPerAmplitude)
        {
            throw new InvalidDataException($"checkpoint {path} holds {bytes} bytes of state, the run needs {state.Length * state.BytesPerAmplitude}");
        }
        var buffer = new byte[ChunkBytes];
        var trailer = new byte[32];
        try
        {
            long amplitude = 0;
            for (long done = 0; done < bytes;)
            {
                var chunk = (int)Math.Min(buffer.Length, bytes - done);
                file.ReadExactly(buffer, 0, chunk);
                hash.AppendData(buffer, 0, chunk);
                if (state is not null)
                {
                    state.CopyFromInterleavedBytes(amplitude, buffer.AsSpan(0, chunk));
                    amplitude += chunk / state.BytesPerAmplitude;
                }
                done += chunk;
            }
            file.ReadExactly(trailer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"checkpoint {path} is truncated");
        }
        if (file.ReadByte() != -1 || !CryptographicOperations.FixedTimeEquals(trailer, hash.GetHashAndReset()))
        {
            throw new InvalidDataException($"checkpoint {path} fails its SHA-256 check");
        }
        return stored;
    }

    private static StoredCheckpoint ReadPrefix(string path, FileStream file, IncrementalHash hash)
    {
        try
        {
            var magic = Take(file, hash, Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path} is not a checkpoint");
            }
            var headerLength = BinaryPrimitives.ReadInt32LittleEndian(Take(file, hash, 4));
            if (headerLength is <= 0 or > MaxHeaderBytes)
            {
                throw new InvalidDataException($"checkpoint {path} has a bad header length");
            }
            var header = JsonSerializer.Deserialize<CheckpointHeader>(Take(file, hash, headerLength), Json)
                ?? throw new InvalidDataException($"checkpoint {path} has an empty header");
            var assignmentLength = BinaryPrimitives.ReadInt32LittleEndian(Take(file, hash, 4));
            if (assignmentLength is < 0 or > MaxAssignmentBytes)
            {
                throw new InvalidDataException($"checkpoint {path} has a bad assignment length");
            }
            var assignment = Take(file, hash, assignmentLength);
            var stateBytes = BinaryPrimitives.ReadInt64LittleEndian(Take(file, hash, 8));
            if (header.Format != CheckpointHeader.CurrentFormat || stateBytes != header.StateBytes || stateBytes <= 0
                || header.AssignmentSha256 != Convert.ToHexStringLower(SHA256.HashData(assignment)))
            {
                throw new InvalidDataException($"checkpoint {path} is of another format or inconsistent");
            }
            return new StoredCheckpoint(path, header, assignment);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"checkpoint {path} is truncated or malformed: {e.Message}", e);
        }
    }

    private static byte[] Take(FileStream file, IncrementalHash hash, int count)
    {
        var bytes = new byte[count];
        file.ReadExactly(bytes);
        hash.AppendData(bytes);
        return bytes;
    }
}
