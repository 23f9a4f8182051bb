using System.Diagnostics;
using System.Globalization;

namespace VolunteerQuantum.Cli.Grid;

/// <summary>
/// The temporary folders of `vq run`'s embedded grids. Each records the process that owns it, so a
/// folder left behind by a killed run (SIGKILL, a crash, a power cut: no chance to clean up) is
/// recognised and removed by the next `vq run`.
/// </summary>
internal static class TemporaryGrids
{
    public const string Prefix = "vq-run-";

    /// <summary>Holds "pid start-time-ticks" of the owning process (the pair survives pid reuse).</summary>
    public const string OwnerFile = "owner";

    /// <summary>A folder without an owner file (being created, or from an older vq) counts as stale only after this long.</summary>
    public static readonly TimeSpan UnownedGrace = TimeSpan.FromHours(1);

    public static string Create()
    {
        var root = Directory.CreateTempSubdirectory(Prefix).FullName;
        File.WriteAllText(Path.Combine(root, OwnerFile), Describe(Process.GetCurrentProcess()));
        return root;
    }

    /// <summary>Deletes the temporary grids whose owner is gone; returns how many and how many bytes they held.</summary>
    public static (int Folders, long Bytes) RemoveStale(string? under = null)
    {
        var removed = 0;
        var bytes = 0L;
        foreach (var folder in Directory.EnumerateDirectories(under ?? Path.GetTempPath(), Prefix + "*"))
        {
            try
            {
                if (!IsStale(folder))
                {
                    continue;
                }
                var size = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                Directory.Delete(folder, recursive: true);
                removed++;
                bytes += size;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's grid, or one being deleted right now: leave it.
            }
        }
        return (removed, bytes);
    }

    internal static bool IsStale(string folder)
    {
        var owner = Path.Combine(folder, OwnerFile);
        if (!File.Exists(owner))
        {
            return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > UnownedGrace;
        }
        var recorded = File.ReadAllText(owner).Trim();
        var pid = int.TryParse(recorded.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
        try
        {
            using var process = Process.GetProcessById(pid);
            return Describe(process) != recorded;   // the pid now belongs to another process
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return true;   // no such process
        }
    }

    private static string Describe(Process process) =>
        string.Create(CultureInfo.InvariantCulture, $"{process.Id} {process.StartTime.ToUniversalTime().Ticks}");
}
