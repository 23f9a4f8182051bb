using System.Globalization;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>
/// Other processes' CPU load on Linux: the busy time of all CPUs (first line of /proc/stat) minus
/// this process's own time (/proc/self/stat), over the time since the previous sample. Both count
/// in the same clock ticks.
/// </summary>
public sealed class ProcStatCpuLoad(string procRoot = "/proc")
{
    private (long Total, long Busy, long Own)? _previous;

    /// <summary>The share of all CPUs other processes used since the last call (null on the first call or without /proc).</summary>
    public double? Sample(out string? missing)
    {
        missing = null;
        string stat, self;
        try
        {
            stat = File.ReadAllText(Path.Combine(procRoot, "stat"));
            self = File.ReadAllText(Path.Combine(procRoot, "self", "stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            missing = "CPU load: /proc/stat unreadable";
            return null;
        }
        if (ParseSystem(stat) is not var (total, busy) || ParseOwn(self) is not { } own)
        {
            missing = "CPU load: /proc/stat not understood";
            return null;
        }
        var previous = _previous;
        _previous = (total, busy, own);
        if (previous is not var (t0, b0, o0) || total <= t0)
        {
            return null;
        }
        return Math.Clamp((double)(busy - b0 - (own - o0)) / (total - t0), 0, 1);
    }

    /// <summary>Total and busy ticks from the aggregate "cpu" line (busy = total − idle − iowait).</summary>
    public static (long Total, long Busy)? ParseSystem(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var line = stat.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.TryParse(f, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
        if (fields.Length < 4 || fields.Any(f => f < 0))
        {
            return null;
        }
        // user nice system idle iowait irq softirq steal [guest guest_nice, already inside user and nice].
        var total = fields.Take(8).Sum();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (total, total - idle);
    }

    /// <summary>utime + stime (fields 14 and 15) of /proc/self/stat; the command name may hold spaces and parentheses.</summary>
    public static long? ParseOwn(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        // After ")": field 3 (state) onwards, so utime (14) is at index 11 and stime (15) at 12.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 12 && long.TryParse(fields[11], CultureInfo.InvariantCulture, out var user) && long.TryParse(fields[12], CultureInfo.InvariantCulture, out var system)
            ? user + system
            : null;
    }
}
