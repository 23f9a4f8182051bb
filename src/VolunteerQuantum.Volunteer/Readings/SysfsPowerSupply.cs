namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>
/// Battery state on Linux from /sys/class/power_supply: on battery when a system battery is
/// discharging and no mains or USB supply is online. Batteries of devices (a mouse, "scope" Device)
/// do not count; a machine with no battery at all is never on battery.
/// </summary>
public static class SysfsPowerSupply
{
    public static bool? OnBattery(string sysRoot, out string? missing)
    {
        var directory = Path.Combine(sysRoot, "class", "power_supply");
        missing = null;
        if (!Directory.Exists(directory))
        {
            missing = "battery: /sys/class/power_supply absent";
            return null;
        }
        var externalOnline = false;
        var discharging = false;
        foreach (var supply in Directory.EnumerateDirectories(directory))
        {
            var type = Read(supply, "type");
            if (type is "Mains" or "USB" && Read(supply, "online") == "1")
            {
                externalOnline = true;
            }
            if (type == "Battery" && Read(supply, "scope") != "Device" && Read(supply, "status") == "Discharging")
            {
                discharging = true;
            }
        }
        return discharging && !externalOnline;
    }

    private static string? Read(string directory, string name)
    {
        try
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
