using Microsoft.Extensions.Options;

namespace VolunteerQuantum.Volunteer.Checkpoints;

/// <summary>The checkpoints directory inside the data directory: one file per replica, named after it.</summary>
public sealed class CheckpointStore(IOptions<VolunteerOptions> options)
{
    public string Directory { get; } = Path.Combine(options.Value.DataDirectory, "checkpoints");

    public string PathFor(string replicaId)
    {
        // Replica ids come from the coordinator: never let one name a path outside the directory.
        if (string.IsNullOrEmpty(replicaId) || replicaId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_')))
        {
            throw new ArgumentException($"replica id '{replicaId}' cannot name a checkpoint file", nameof(replicaId));
        }
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, replicaId + CheckpointFile.Extension);
    }

    public bool Exists(string replicaId) => File.Exists(PathFor(replicaId));

    /// <summary>Checkpoint files, oldest first; leftover temporary files of an interrupted write are removed.</summary>
    public IReadOnlyList<string> Files()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }
        foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, "*.tmp"))
        {
            TryDelete(temp);
        }
        return [.. System.IO.Directory.EnumerateFiles(Directory, "*" + CheckpointFile.Extension).OrderBy(File.GetLastWriteTimeUtc)];
    }

    public void Delete(string replicaId)
    {
        var path = PathFor(replicaId);
        TryDelete(path);
        TryDelete(path + ".tmp");
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Retried with the next checkpoint clean-up.
        }
    }
}
