namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>
/// One sample of what the computing policy looks at. A null reading means "no information" (the
/// host has no such source, or it failed): the policy never pauses for it and says so in
/// <see cref="Missing"/>.
/// </summary>
public sealed record SystemSample
{
    /// <summary>Local wall-clock time (for the computing windows).</summary>
    public DateTime LocalTime { get; init; } = DateTime.Now;

    /// <summary>How long the user has given no input (0 while active).</summary>
    public TimeSpan? UserIdleFor { get; init; }

    /// <summary>Share of all CPUs used by other processes since the previous sample, 0..1.</summary>
    public double? OtherCpuFraction { get; init; }

    public bool? OnBattery { get; init; }

    public double? CpuTemperatureCelsius { get; init; }

    /// <summary>True when someone is (or can be) logged in graphically: the machine is a desktop.</summary>
    public bool? GraphicalSession { get; init; }

    public int LogicalCpus { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory of the machine (or of the container the daemon runs in).</summary>
    public long TotalMemoryBytes { get; init; }

    /// <summary>Why readings are null, one short line each ("idle time: loginctl not found").</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
