namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>
/// When the daemon may compute, bound from "Volunteer:Policy". Every limit can be switched off
/// (0 or an empty list), and a reading the host cannot provide never pauses the daemon.
/// </summary>
public sealed class ComputingPolicyOptions
{
    public ComputingMode Mode { get; set; } = ComputingMode.Auto;

    public MachineKind Machine { get; set; } = MachineKind.Auto;

    /// <summary>Compute only while the user is idle; null: yes on a desktop, no on a server.</summary>
    public bool? RunOnlyWhenIdle { get; set; }

    /// <summary>Minutes without input after which the user counts as idle.</summary>
    public double IdleAfterMinutes { get; set; } = 3;

    /// <summary>Suspend while other processes use more than this share of all CPUs (0: never).</summary>
    public double SuspendAboveOtherCpuPercent { get; set; } = 50;

    /// <summary>Resume only once other processes use less than the limit minus this margin.</summary>
    public double OtherCpuMarginPercent { get; set; } = 15;

    /// <summary>Consecutive samples over a limit before suspending (a burst of load is not a reason).</summary>
    public int SamplesToSuspend { get; set; } = 3;

    /// <summary>Consecutive samples under the limit minus its margin before resuming (slower than suspending, so no flapping).</summary>
    public int SamplesToResume { get; set; } = 6;

    /// <summary>Seconds between two samples of the readings.</summary>
    public double SampleSeconds { get; set; } = 5;

    /// <summary>Memory lent while the user is active (or when idleness is unknown), percent of RAM.</summary>
    public double MemoryPercentWhenBusy { get; set; } = 50;

    /// <summary>Memory lent while the user is idle, percent of RAM.</summary>
    public double MemoryPercentWhenIdle { get; set; } = 90;

    /// <summary>Suspend while the machine runs on battery.</summary>
    public bool PauseOnBattery { get; set; } = true;

    /// <summary>
    /// Local times when computing is allowed, e.g. "Mon-Fri 18:00-08:00", "Sat,Sun", "23:00-07:00";
    /// empty: any time. A window that ends before it starts runs past midnight.
    /// </summary>
    public List<string> ComputeWindows { get; set; } = [];

    /// <summary>Suspend above this CPU temperature in °C (0: never).</summary>
    public double MaxCpuTemperatureCelsius { get; set; } = 85;

    /// <summary>Resume only once the CPU is this many degrees below the limit.</summary>
    public double TemperatureMarginCelsius { get; set; } = 5;
}
