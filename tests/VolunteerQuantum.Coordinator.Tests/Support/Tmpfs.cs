using System.Diagnostics;

namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>
/// A small tmpfs mounted for one test, so a full or read-only data directory is real, not
/// simulated. Needs Linux and root (or CAP_SYS_ADMIN); <see cref="Unavailable"/> says why not.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private static readonly Lazy<string?> Missing = new(Probe);

    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when tmpfs can be mounted here, else the reason the tests that need it are skipped.</summary>
    public static string? Unavailable => Missing.Value;

    public static Tmpfs Mount(string options)
    {
        var path = Directory.CreateTempSubdirectory("vq-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        return new Tmpfs(path);
    }

    /// <summary>Mounts another tmpfs over a folder inside this one (e.g. read-only).</summary>
    public static void MountOver(string path, string options) => Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);

    public static void Unmount(string path) => Run("umount", path);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs needs Linux";
        }
        try
        {
            using var probe = Mount("size=64k");
            return null;
        }
        catch (InvalidOperationException e)
        {
            return $"cannot mount a tmpfs here (needs root): {e.Message}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run mount: {e.Message}";
        }
    }

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)}: {error.Trim()}");
        }
    }
}
