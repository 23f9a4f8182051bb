using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Readings;

/// <summary>Linux readings: /proc for load, logind for idleness, sysfs for battery and temperature.</summary>
public sealed class LinuxSystemReadings(string procRoot = "/proc", string sysRoot = "/sys", string runRoot = "/run", Func<string, string[], string?>? run = null) : ISystemReadings
{
    private readonly ProcStatCpuLoad _load = new(procRoot);
    private readonly Func<string, string[], string?> _run = run ?? CommandRunner.Run;

    public SystemSample Read()
    {
        var missing = new List<string>();
        var idle = LogindIdle.Read(DateTime.UtcNow, _run, out var m1);
        var load = _load.Sample(out var m2);
        var battery = SysfsPowerSupply.OnBattery(sysRoot, out var m3);
        var temperature = ThermalZones.CpuCelsius(sysRoot, out var m4);
        missing.AddRange(new[] { m1, m2, m3, m4 }.OfType<string>());
        return new SystemSample
        {
            UserIdleFor = idle,
            OtherCpuFraction = load,
            OnBattery = battery,
            CpuTemperatureCelsius = temperature,
            GraphicalSession = LinuxGraphicalSession.Present(runRoot),
            TotalMemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            Missing = missing,
        };
    }
}
