using System.Globalization;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>
/// CPU temperature on Linux from /sys/class/thermal/thermal_zone*/temp (millidegrees Celsius): the
/// hottest zone whose type names a CPU or package sensor, or the hottest zone of any type when none
/// does. Implausible values (a sensor that is off reads 0 or −273 °C) are ignored.
/// </summary>
public static class ThermalZones
{
    private static readonly string[] CpuTypes = ["cpu", "pkg", "x86_pkg_temp", "coretemp", "k10temp", "soc", "acpitz", "tctl", "package"];

    public static double? CpuCelsius(string sysRoot, out string? missing)
    {
        var directory = Path.Combine(sysRoot, "class", "thermal");
        var zones = new List<(string Type, double Celsius)>();
        if (Directory.Exists(directory))
        {
            foreach (var zone in Directory.EnumerateDirectories(directory, "thermal_zone*"))
            {
                try
                {
                    var type = File.Exists(Path.Combine(zone, "type")) ? File.ReadAllText(Path.Combine(zone, "type")).Trim() : "";
                    if (long.TryParse(File.ReadAllText(Path.Combine(zone, "temp")).Trim(), CultureInfo.InvariantCulture, out var milli) && milli is > 0 and < 150_000)
                    {
                        zones.Add((type, milli / 1000.0));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Some zones cannot be read while their device sleeps.
                }
            }
        }
        missing = zones.Count == 0 ? "CPU temperature: no readable thermal zones" : null;
        if (zones.Count == 0)
        {
            return null;
        }
        var cpu = zones.Where(z => CpuTypes.Any(t => z.Type.Contains(t, StringComparison.OrdinalIgnoreCase))).ToList();
        return (cpu.Count > 0 ? cpu : zones).Max(z => z.Celsius);
    }
}
