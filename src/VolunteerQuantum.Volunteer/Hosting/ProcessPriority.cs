using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace VolunteerQuantum.Volunteer.Hosting;

/// <summary>
/// Puts the daemon at the lowest CPU priority it may take, best effort. On Linux niceness belongs
/// to each thread and new threads inherit their creator's, and Process.PriorityClass only changes
/// the main thread's: so every thread that exists now is set to nice 19 too, and the threads made
/// later (thread pool, simulation workers) start at 19 as well. Under systemd the unit's Nice=19 and
/// CPUSchedulingPolicy=idle already do all this.
/// </summary>
public static unsafe class ProcessPriority
{
    private const int Lowest = 19;

    public static void Lower()
    {
        try
        {
            using var self = Process.GetCurrentProcess();
            self.PriorityClass = ProcessPriorityClass.Idle;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // Not permitted here: the service manager's settings still apply.
        }
        if (OperatingSystem.IsLinux())
        {
            LowerAllLinuxThreads();
        }
    }

    private static void LowerAllLinuxThreads()
    {
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "setpriority", out var export))
        {
            return;
        }
        var setPriority = (delegate* unmanaged<int, uint, int, int>)export;
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (uint.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
                {
                    // PRIO_PROCESS (0) with a thread id changes that one thread on Linux.
                    _ = setPriority(0, tid, Lowest);
                }
            }
        }
        catch (IOException)
        {
            // /proc unavailable: the main thread's priority was lowered above.
        }
    }
}
