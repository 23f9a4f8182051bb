using VolunteerQuantum.Volunteer.Readings;

namespace VolunteerQuantum.Volunteer.Tests.Readings;

/// <summary>The Linux sources, read from fake /proc, /sys and /run trees and fake loginctl output.</summary>
public sealed class LinuxReadingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vq-readings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ProcStat_ParsesAggregateLine_BusyExcludesIdleAndIowait()
    {
        const string stat = "cpu  100 20 30 800 50 5 5 0 0 0\ncpu0 50 10 15 400 25 2 3 0 0 0\nintr 1 2 3\n";
        Assert.Equal((1010L, 160L), ProcStatCpuLoad.ParseSystem(stat));
        Assert.Null(ProcStatCpuLoad.ParseSystem("intr 1 2 3\n"));
    }

    [Fact]
    public void ProcSelfStat_CommandWithSpacesAndParentheses_FindsUserAndSystemTime()
    {
        const string self = "4242 (vq (volunteer) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 700 80 0 0 39 19 12 0 1000 0 0";
        Assert.Equal(780L, ProcStatCpuLoad.ParseOwn(self));
        Assert.Null(ProcStatCpuLoad.ParseOwn("garbage"));
    }

    [Fact]
    public void CpuLoad_OtherProcesses_IsTotalBusyMinusOwn_OverTheInterval()
    {
        var proc = Path.Combine(_root, "proc");
        Directory.CreateDirectory(Path.Combine(proc, "self"));
        void Write(long busyUser, long idle, long ownUser)
        {
            File.WriteAllText(Path.Combine(proc, "stat"), $"cpu  {busyUser} 0 0 {idle} 0 0 0 0 0 0\n");
            File.WriteAllText(Path.Combine(proc, "self", "stat"), $"1 (vq) S 1 1 1 0 -1 0 0 0 0 0 {ownUser} 0 0 0 39 19 1 0 0 0 0");
        }
        var load = new ProcStatCpuLoad(proc);
        Write(1000, 1000, 100);
        Assert.Null(load.Sample(out var missing));   // the first sample has nothing to compare with
        Assert.Null(missing);
        // 400 ticks elapse: 300 busy, of which 200 are this process's own; 100 idle.
        Write(1300, 1100, 300);
        Assert.Equal(0.25, load.Sample(out _)!.Value, 9);
    }

    [Fact]
    public void CpuLoad_NoProc_NoInformation()
    {
        Assert.Null(new ProcStatCpuLoad(Path.Combine(_root, "nowhere")).Sample(out var missing));
        Assert.Contains("/proc/stat", missing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IdleHint=no\nIdleSinceHint=1700000000000000\n", 0.0)]
    [InlineData("IdleHint=yes\nIdleSinceHint=1700000000000000\n", 300.0)]
    public void Logind_IdleHint_Parsed(string output, double idleSeconds)
    {
        var now = DateTime.UnixEpoch.AddSeconds(1_700_000_300);
        Assert.Equal(TimeSpan.FromSeconds(idleSeconds), LogindIdle.Parse(output, now));
    }

    [Fact]
    public void Logind_IdleWithoutTime_IdleForever_GarbageIsNoInformation()
    {
        Assert.Equal(TimeSpan.MaxValue, LogindIdle.Parse("IdleHint=yes\nIdleSinceHint=0\n", DateTime.UtcNow));
        Assert.Null(LogindIdle.Parse("Something=else\n", DateTime.UtcNow));
        Assert.Null(LogindIdle.Parse("IdleHint=maybe\n", DateTime.UtcNow));
    }

    [Fact]
    public void Logind_Missing_NoInformation_WithReason()
    {
        Assert.Null(LogindIdle.Read(DateTime.UtcNow, (_, _) => null, out var missing));
        Assert.Equal("idle time: loginctl (systemd-logind) not available", missing);
        var asked = new List<string>();
        LogindIdle.Read(DateTime.UtcNow, (file, args) =>
        {
            asked.Add($"{file} {string.Join(' ', args)}");
            return "IdleHint=no\n";
        }, out _);
        Assert.Equal("loginctl show-session --property=IdleHint --property=IdleSinceHint", Assert.Single(asked));
    }

    [Fact]
    public void PowerSupply_DischargingBatteryNoMains_OnBattery()
    {
        var sys = Supplies(("BAT0", "Battery", null, "Discharging", null), ("AC", "Mains", "0", null, null));
        Assert.True(SysfsPowerSupply.OnBattery(sys, out _));
    }

    [Fact]
    public void PowerSupply_MainsOnline_NotOnBattery_EvenIfBatteryReportsDischarging()
    {
        var sys = Supplies(("BAT0", "Battery", null, "Discharging", null), ("AC", "Mains", "1", null, null));
        Assert.False(SysfsPowerSupply.OnBattery(sys, out _));
    }

    [Fact]
    public void PowerSupply_DeviceBattery_Ignored_NoSupplies_NotOnBattery()
    {
        var sys = Supplies(("hidpp_battery_0", "Battery", null, "Discharging", "Device"));
        Assert.False(SysfsPowerSupply.OnBattery(sys, out _));
        Assert.False(SysfsPowerSupply.OnBattery(Supplies(), out var missing));
        Assert.Null(missing);
        Assert.Null(SysfsPowerSupply.OnBattery(Path.Combine(_root, "nosys"), out missing));
        Assert.NotNull(missing);
    }

    [Fact]
    public void Thermal_PrefersCpuZones_IgnoresImplausible()
    {
        var sys = Path.Combine(_root, "sys-thermal");
        Zone(sys, 0, "acpitz", "45000");
        Zone(sys, 1, "x86_pkg_temp", "71500");
        Zone(sys, 2, "iwlwifi_1", "90000");      // not a CPU: ignored when CPU zones exist
        Zone(sys, 3, "x86_pkg_temp", "-273000");  // a sensor that is off
        Assert.Equal(71.5, ThermalZones.CpuCelsius(sys, out _));
    }

    [Fact]
    public void Thermal_OnlyOtherZones_UsesThem_NoZones_NoInformation()
    {
        var sys = Path.Combine(_root, "sys-other");
        Zone(sys, 0, "board", "40000");
        Zone(sys, 1, "gpu", "62000");
        Assert.Equal(62, ThermalZones.CpuCelsius(sys, out _));
        Assert.Null(ThermalZones.CpuCelsius(Path.Combine(_root, "none"), out var missing));
        Assert.Equal("CPU temperature: no readable thermal zones", missing);
    }

    [Fact]
    public void GraphicalSession_FromLogindSessionFiles()
    {
        var run = Path.Combine(_root, "run");
        var sessions = Path.Combine(run, "systemd", "sessions");
        Directory.CreateDirectory(sessions);
        File.WriteAllText(Path.Combine(sessions, "3"), "UID=1000\nTYPE=tty\nCLASS=user\n");
        Assert.False(LinuxGraphicalSession.Present(run));
        File.WriteAllText(Path.Combine(sessions, "c1"), "UID=120\nTYPE=wayland\nCLASS=greeter\n");
        Assert.True(LinuxGraphicalSession.Present(run));
    }

    [Fact]
    public void Readings_AllSourcesTogether()
    {
        var sys = Supplies(("BAT0", "Battery", null, "Discharging", null));
        Zone(sys, 0, "x86_pkg_temp", "66000");
        var readings = new LinuxSystemReadings(Path.Combine(_root, "noproc"), sys, Path.Combine(_root, "norun"), (_, _) => "IdleHint=no\n");
        var sample = readings.Read();
        Assert.Equal(TimeSpan.Zero, sample.UserIdleFor);
        Assert.True(sample.OnBattery);
        Assert.Equal(66, sample.CpuTemperatureCelsius);
        Assert.Null(sample.OtherCpuFraction);
        Assert.Contains(sample.Missing, m => m.StartsWith("CPU load", StringComparison.Ordinal));
        Assert.True(sample.TotalMemoryBytes > 0);
    }

    private string Supplies(params (string Name, string Type, string? Online, string? Status, string? Scope)[] supplies)
    {
        var sys = Path.Combine(_root, "sys-" + Guid.NewGuid().ToString("N"));
        var directory = Path.Combine(sys, "class", "power_supply");
        Directory.CreateDirectory(directory);
        foreach (var s in supplies)
        {
            var d = Directory.CreateDirectory(Path.Combine(directory, s.Name)).FullName;
            File.WriteAllText(Path.Combine(d, "type"), s.Type + "\n");
            foreach (var (file, value) in new[] { ("online", s.Online), ("status", s.Status), ("scope", s.Scope) })
            {
                if (value is not null)
                {
                    File.WriteAllText(Path.Combine(d, file), value + "\n");
                }
            }
        }
        return sys;
    }

    private static void Zone(string sys, int index, string type, string milliCelsius)
    {
        var d = Directory.CreateDirectory(Path.Combine(sys, "class", "thermal", $"thermal_zone{index}")).FullName;
        File.WriteAllText(Path.Combine(d, "type"), type + "\n");
        File.WriteAllText(Path.Combine(d, "temp"), milliCelsius + "\n");
    }
}
