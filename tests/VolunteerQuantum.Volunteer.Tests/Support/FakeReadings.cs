using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Tests.Support;

/// <summary>Readings a test sets at will: the daemon's policy sees whatever <see cref="Sample"/> holds at each sample.</summary>
public sealed class FakeReadings(SystemSample initial) : ISystemReadings
{
    private SystemSample _sample = initial;

    /// <summary>A calm server: nobody at the keyboard, no load, on mains, cool.</summary>
    public static SystemSample Calm => new()
    {
        UserIdleFor = TimeSpan.FromHours(1),
        OtherCpuFraction = 0,
        OnBattery = false,
        CpuTemperatureCelsius = 40,
        GraphicalSession = false,
        LogicalCpus = 4,
        TotalMemoryBytes = 8L << 30,
    };

    public SystemSample Sample
    {
        get => Volatile.Read(ref _sample);
        set => Volatile.Write(ref _sample, value);
    }

    public SystemSample Read() => Sample with { LocalTime = DateTime.Now };
}
