using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>Picks the readings of the operating system the daemon runs on.</summary>
public static class SystemReadings
{
    public static ISystemReadings ForThisMachine()
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxSystemReadings();
        }
        if (OperatingSystem.IsWindows())
        {
            return new WindowsSystemReadings();
        }
        return OperatingSystem.IsMacOS() ? new MacSystemReadings() : new NoReadings();
    }

    /// <summary>An operating system with no known sources: nothing ever pauses the daemon.</summary>
    private sealed class NoReadings : ISystemReadings
    {
        public SystemSample Read() => new()
        {
            TotalMemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            Missing = ["no readings on this operating system"],
        };
    }
}
