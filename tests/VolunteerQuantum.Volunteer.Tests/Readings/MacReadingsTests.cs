using VolunteerQuantum.Volunteer.Readings;

namespace VolunteerQuantum.Volunteer.Tests.Readings;

/// <summary>The macOS sources' output formats (the tools themselves exist only on macOS).</summary>
public sealed class MacReadingsTests
{
    [Fact]
    public void HidIdle_NanosecondsParsed()
    {
        const string ioreg = "    | |   \"HIDIdleTime\" = 12500000000\n    | |   \"HIDParameters\" = {}";
        Assert.Equal(TimeSpan.FromSeconds(12.5), MacSystemReadings.ParseHidIdle(ioreg));
        Assert.Null(MacSystemReadings.ParseHidIdle("nothing here"));
        Assert.Null(MacSystemReadings.ParseHidIdle(null));
    }

    [Fact]
    public void PowerSource_BatteryOrAc()
    {
        Assert.True(MacSystemReadings.ParsePowerSource("Now drawing from 'Battery Power'\n -InternalBattery-0 (id=123)\t80%; discharging"));
        Assert.False(MacSystemReadings.ParsePowerSource("Now drawing from 'AC Power'\n"));
        Assert.Null(MacSystemReadings.ParsePowerSource("unexpected"));
    }

    [Fact]
    public void Ps_PercentagesSummed()
    {
        Assert.Equal(152.5, MacSystemReadings.SumPercent(" 100.0\n  50.5\n   2.0\n"), 9);
    }

    [Fact]
    public void Readings_WithFakeTools()
    {
        var readings = new MacSystemReadings((file, _) => file switch
        {
            "ioreg" => "\"HIDIdleTime\" = 1000000000",
            "pmset" => "Now drawing from 'AC Power'",
            _ => null,
        });
        var sample = readings.Read();
        Assert.Equal(TimeSpan.FromSeconds(1), sample.UserIdleFor);
        Assert.False(sample.OnBattery);
        Assert.Null(sample.OtherCpuFraction);
        Assert.True(sample.GraphicalSession);
    }
}
