namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>
/// Whether a Linux machine is a desktop: logind's session files (/run/systemd/sessions/*, plain
/// text, no D-Bus needed) list a session of TYPE x11, wayland or mir, which includes the display
/// manager's greeter. Without logind, a DISPLAY or WAYLAND_DISPLAY in the daemon's own environment
/// (a foreground run from a desktop terminal) says the same.
/// </summary>
public static class LinuxGraphicalSession
{
    public static bool? Present(string runRoot)
    {
        var sessions = Path.Combine(runRoot, "systemd", "sessions");
        if (Directory.Exists(sessions))
        {
            foreach (var file in Directory.EnumerateFiles(sessions))
            {
                try
                {
                    if (File.ReadLines(file).Any(l => l is "TYPE=x11" or "TYPE=wayland" or "TYPE=mir"))
                    {
                        return true;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A session that ends while being read.
                }
            }
            return false;
        }
        return !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"))
            ? true
            : null;
    }
}
