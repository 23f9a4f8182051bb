using System.Globalization;
using System.Text.RegularExpressions;
using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>
/// macOS readings through the system's own tools: HID idle time (ioreg's IOHIDSystem), the power
/// source (pmset), and other processes' load (ps, whose %CPU is a decaying average). macOS has no
/// public CPU temperature source for unprivileged processes: unknown.
/// </summary>
public sealed partial class MacSystemReadings(Func<string, string[], string?>? run = null) : ISystemReadings
{
    private readonly Func<string, string[], string?> _run = run ?? CommandRunner.Run;

    public SystemSample Read()
    {
        var missing = new List<string> { "CPU temperature: no unprivileged source on macOS" };
        var idle = ParseHidIdle(_run("ioreg", ["-c", "IOHIDSystem", "-d", "4"]));
        if (idle is null)
        {
            missing.Add("idle time: ioreg's HIDIdleTime unavailable");
        }
        var battery = ParsePowerSource(_run("pmset", ["-g", "batt"]));
        if (battery is null)
        {
            missing.Add("battery: pmset unavailable");
        }
        var load = OtherLoad();
        return new SystemSample
        {
            UserIdleFor = idle,
            OtherCpuFraction = load,
            OnBattery = battery,
            GraphicalSession = true,
            TotalMemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            Missing = missing,
        };
    }

    /// <summary>"HIDIdleTime" = nanoseconds since the last keyboard, mouse or touch input.</summary>
    public static TimeSpan? ParseHidIdle(string? ioreg)
    {
        var match = ioreg is null ? null : HidIdle().Match(ioreg);
        return match is { Success: true } && long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var ns)
            ? TimeSpan.FromTicks(ns / 100)
            : null;
    }

    /// <summary>pmset prints "Now drawing from 'Battery Power'" or "'AC Power'".</summary>
    public static bool? ParsePowerSource(string? pmset) =>
        pmset is null ? null
        : pmset.Contains("'Battery Power'", StringComparison.Ordinal) ? true
        : pmset.Contains("'AC Power'", StringComparison.Ordinal) ? false
        : null;

    /// <summary>Everyone's %CPU (shares of one CPU) minus this process's, over all CPUs.</summary>
    private double? OtherLoad()
    {
        var all = _run("ps", ["-A", "-o", "%cpu="]);
        if (all is null)
        {
            return null;
        }
        var own = _run("ps", ["-o", "%cpu=", "-p", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]) ?? "";
        return Math.Clamp((SumPercent(all) - SumPercent(own)) / (100.0 * Environment.ProcessorCount), 0, 1);
    }

    public static double SumPercent(string ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        return ps.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Sum(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0);
    }

    [GeneratedRegex("\"HIDIdleTime\" = (\\d+)")]
    private static partial Regex HidIdle();
}
