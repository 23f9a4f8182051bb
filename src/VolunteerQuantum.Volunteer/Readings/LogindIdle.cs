using System.Globalization;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>
/// The user's idle time on Linux from systemd-logind's IdleHint, which desktop environments keep
/// up to date on Wayland and X11 alike (and logind itself derives for text consoles from the
/// terminal's last input). The manager's hint is idle only when every session is idle, since the
/// latest of their idle times.
/// </summary>
public static class LogindIdle
{
    public static TimeSpan? Read(DateTime utcNow, Func<string, string[], string?> run, out string? missing)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = run("loginctl", ["show-session", "--property=IdleHint", "--property=IdleSinceHint"]);
        missing = output is null ? "idle time: loginctl (systemd-logind) not available" : null;
        var idle = output is null ? null : Parse(output, utcNow);
        if (output is not null && idle is null)
        {
            missing = "idle time: loginctl's IdleHint not understood";
        }
        return idle;
    }

    /// <summary>Parses "IdleHint=yes|no" and "IdleSinceHint=µs since the epoch" (0: idle since boot).</summary>
    public static TimeSpan? Parse(string output, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(output);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!values.TryGetValue("IdleHint", out var hint))
        {
            return null;
        }
        if (hint == "no")
        {
            return TimeSpan.Zero;
        }
        if (hint != "yes")
        {
            return null;
        }
        if (!values.TryGetValue("IdleSinceHint", out var since) || !long.TryParse(since, CultureInfo.InvariantCulture, out var micros) || micros <= 0)
        {
            // Idle with no time: nobody has been active since logind started.
            return TimeSpan.MaxValue;
        }
        var idleSince = DateTime.UnixEpoch.AddTicks(micros * 10);
        return idleSince >= utcNow ? TimeSpan.Zero : utcNow - idleSince;
    }
}
