using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Win32;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>
/// Windows readings: last-input time (GetLastInputInfo), AC line status, and system CPU times minus
/// this process's. A service runs in session 0, where GetLastInputInfo sees no user's input at all,
/// so there idleness is reported as unknown rather than as "idle forever". Windows offers no CPU
/// temperature without administrator-only WMI classes: unknown too.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WindowsSystemReadings : ISystemReadings
{
    private (long Total, long Busy, TimeSpan Own)? _previous;

    public SystemSample Read()
    {
        var missing = new List<string> { "CPU temperature: no source on Windows" };
        var idle = IdleTime(missing);
        bool? onBattery = WindowsNative.GetSystemPowerStatus(out var power) && power.AcLineStatus != 255 ? power.AcLineStatus == 0 : null;
        if (onBattery is null)
        {
            missing.Add("battery: AC line status unknown");
        }
        return new SystemSample
        {
            UserIdleFor = idle,
            OtherCpuFraction = OtherLoad(),
            OnBattery = onBattery,
            GraphicalSession = !IsServerEdition(),
            TotalMemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            Missing = missing,
        };
    }

    private static TimeSpan? IdleTime(List<string> missing)
    {
        if (Process.GetCurrentProcess().SessionId == 0)
        {
            missing.Add("idle time: a service (session 0) cannot see the user's input");
            return null;
        }
        var info = new WindowsNative.LastInputInfo { Size = 8 };
        if (!WindowsNative.GetLastInputInfo(ref info))
        {
            missing.Add("idle time: GetLastInputInfo failed");
            return null;
        }
        // Both are 32-bit tick counts: unsigned subtraction survives the wrap every 49.7 days.
        return TimeSpan.FromMilliseconds(unchecked(WindowsNative.GetTickCount() - info.Time));
    }

    private double? OtherLoad()
    {
        if (!WindowsNative.GetSystemTimes(out var idle, out var kernel, out var user))
        {
            return null;
        }
        var total = kernel + user;
        var busy = total - idle;
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        var previous = _previous;
        _previous = (total, busy, own);
        if (previous is not var (t0, b0, o0) || total <= t0)
        {
            return null;
        }
        return Math.Clamp((busy - b0 - (own - o0).Ticks) / (double)(total - t0), 0, 1);
    }

    private static bool IsServerEdition()
    {
        using var key = Registry.LocalMachine.OpenSubKey(@"SOFTWARE\Microsoft\Windows NT\CurrentVersion");
        return key?.GetValue("InstallationType") is string type && type.StartsWith("Server", StringComparison.OrdinalIgnoreCase);
    }
}
