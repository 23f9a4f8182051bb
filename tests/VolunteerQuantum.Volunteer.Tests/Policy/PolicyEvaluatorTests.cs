using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Tests.Policy;

/// <summary>Each decision of the computing policy, fed with fake readings.</summary>
public sealed class PolicyEvaluatorTests
{
    private const long GiB = 1L << 30;

    /// <summary>A desktop at rest: idle for an hour, no load, on mains, cool, 8 CPUs, 16 GiB.</summary>
    private static SystemSample Calm => new()
    {
        LocalTime = new DateTime(2025, 6, 4, 12, 0, 0),   // a Wednesday
        UserIdleFor = TimeSpan.FromHours(1),
        OtherCpuFraction = 0.05,
        OnBattery = false,
        CpuTemperatureCelsius = 50,
        GraphicalSession = true,
        LogicalCpus = 8,
        TotalMemoryBytes = 16 * GiB,
    };

    private static PolicyDecision Decide(SystemSample sample, ComputingPolicyOptions? options = null, int maxThreads = 0, long maxMemory = 0) =>
        new PolicyEvaluator(options ?? new ComputingPolicyOptions(), maxThreads, maxMemory).Evaluate(sample);

    [Fact]
    public void Evaluate_CalmDesktop_Computes_AllButOneCpu_NinetyPercentOfMemory()
    {
        var d = Decide(Calm);
        Assert.True(d.MayCompute, d.PausedReason);
        Assert.True(d.Desktop);
        Assert.Equal(7, d.Threads);
        Assert.Equal(true, d.UserIdle);
        Assert.Equal((long)(16 * GiB * 0.9), d.MemoryBytes);
        Assert.Empty(d.Notes);
    }

    [Fact]
    public void Evaluate_DesktopUserActive_PausedWithReason_HalfOfMemory()
    {
        var d = Decide(Calm with { UserIdleFor = TimeSpan.FromSeconds(42) });
        Assert.False(d.MayCompute);
        Assert.Equal("user active (idle 0:42 of the 3:00 needed)", d.PausedReason);
        Assert.Equal(false, d.UserIdle);
        Assert.Equal(8 * GiB, d.MemoryBytes);
    }

    [Fact]
    public void Evaluate_IdleLongerThanThreshold_Computes()
    {
        var options = new ComputingPolicyOptions { IdleAfterMinutes = 10 };
        Assert.False(Decide(Calm with { UserIdleFor = TimeSpan.FromMinutes(9.9) }, options).MayCompute);
        Assert.True(Decide(Calm with { UserIdleFor = TimeSpan.FromMinutes(10) }, options).MayCompute);
    }

    [Fact]
    public void Evaluate_ServerUserActive_Computes_AllCpus_IdleOnlyOffByDefault()
    {
        var d = Decide(Calm with { GraphicalSession = false, UserIdleFor = TimeSpan.Zero });
        Assert.True(d.MayCompute, d.PausedReason);
        Assert.False(d.Desktop);
        Assert.Equal(8, d.Threads);
        Assert.Equal(8 * GiB, d.MemoryBytes);   // not idle: the busy share
    }

    [Fact]
    public void Evaluate_ServerWithIdleOnlySwitchedOn_PausesForActiveUser()
    {
        var d = Decide(Calm with { GraphicalSession = false, UserIdleFor = TimeSpan.Zero }, new ComputingPolicyOptions { RunOnlyWhenIdle = true });
        Assert.StartsWith("user active", d.PausedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MachineSetting_OverridesDetection()
    {
        Assert.True(Decide(Calm with { GraphicalSession = false }, new ComputingPolicyOptions { Machine = MachineKind.Desktop }).Desktop);
        Assert.False(Decide(Calm, new ComputingPolicyOptions { Machine = MachineKind.Server }).Desktop);
        // No information about a graphical session: a server.
        Assert.False(Decide(Calm with { GraphicalSession = null }).Desktop);
    }

    [Fact]
    public void Evaluate_NoIdleInformation_ComputesAndSaysSo_BusyMemoryShare()
    {
        var d = Decide(Calm with { UserIdleFor = null, Missing = ["idle time: loginctl (systemd-logind) not available"] });
        Assert.True(d.MayCompute);
        Assert.Null(d.UserIdle);
        Assert.Equal(8 * GiB, d.MemoryBytes);
        Assert.Equal(["idle time: loginctl (systemd-logind) not available: computing without waiting for the user to be idle"], d.Notes);
    }

    [Fact]
    public void Evaluate_OnBattery_Paused_UnlessSwitchedOff()
    {
        Assert.Equal("on battery", Decide(Calm with { OnBattery = true }).PausedReason);
        Assert.True(Decide(Calm with { OnBattery = true }, new ComputingPolicyOptions { PauseOnBattery = false }).MayCompute);
        var unknown = Decide(Calm with { OnBattery = null });
        Assert.True(unknown.MayCompute);
        Assert.Equal(["battery: no information yet: not pausing on battery"], unknown.Notes);
    }

    [Theory]
    [InlineData("Mon-Fri 18:00-08:00", 2025, 6, 4, 12, 0, false)]   // Wednesday noon
    [InlineData("Mon-Fri 18:00-08:00", 2025, 6, 4, 19, 0, true)]    // Wednesday evening
    [InlineData("Mon-Fri 18:00-08:00", 2025, 6, 5, 7, 59, true)]    // Thursday early: Wednesday's night
    [InlineData("Mon-Fri 18:00-08:00", 2025, 6, 7, 7, 0, true)]     // Saturday early: Friday's night
    [InlineData("Mon-Fri 18:00-08:00", 2025, 6, 7, 12, 0, false)]   // Saturday noon
    [InlineData("Sat,Sun", 2025, 6, 8, 12, 0, true)]                // Sunday, all day
    [InlineData("Sat,Sun", 2025, 6, 9, 0, 0, false)]                // Monday midnight
    [InlineData("09:00-17:00", 2025, 6, 9, 16, 59, true)]
    [InlineData("09:00-17:00", 2025, 6, 9, 17, 0, false)]
    [InlineData("Fri-Mon 00:00-24:00", 2025, 6, 9, 23, 59, true)]   // ranges wrap around the week
    [InlineData("Fri-Mon 00:00-24:00", 2025, 6, 10, 0, 1, false)]
    public void Evaluate_ComputeWindows(string window, int y, int m, int d, int h, int min, bool computes)
    {
        var decision = Decide(Calm with { LocalTime = new DateTime(y, m, d, h, min, 0) }, new ComputingPolicyOptions { ComputeWindows = [window] });
        Assert.Equal(computes, decision.MayCompute);
        if (!computes)
        {
            Assert.Equal($"outside computing hours ({window})", decision.PausedReason);
        }
    }

    [Theory]
    [InlineData("Mon-Fri 25:00-08:00")]
    [InlineData("Someday")]
    [InlineData("09:00")]
    [InlineData("09:00-09:00")]
    [InlineData("Mon 09:00-10:00 extra")]
    public void Constructor_MalformedWindow_FailsWithTheExpectedForm(string window)
    {
        var e = Assert.Throws<FormatException>(() => new PolicyEvaluator(new ComputingPolicyOptions { ComputeWindows = [window] }));
        Assert.Contains("[Mon-Fri] [HH:MM-HH:MM]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OtherProcessesLoad_PausesOnlyAfterConsecutiveSamples_ResumesBelowTheMargin()
    {
        var evaluator = new PolicyEvaluator(new ComputingPolicyOptions { SamplesToSuspend = 3, SamplesToResume = 2 });
        bool Step(double load) => evaluator.Evaluate(Calm with { OtherCpuFraction = load }).MayCompute;

        Assert.True(Step(0.9));
        Assert.True(Step(0.9));
        Assert.False(Step(0.9));                 // third sample over 50%: suspend
        var paused = evaluator.Evaluate(Calm with { OtherCpuFraction = 0.73 });
        Assert.Equal("other processes use 73% of the CPU (limit 50%)", paused.PausedReason);
        Assert.False(Step(0.45));                // under the limit but not under limit − margin (35%)
        Assert.False(Step(0.2));
        Assert.True(Step(0.2));                  // two samples under 35%: resume
    }

    [Fact]
    public void Evaluate_NoLoadReading_NeverPausesForLoad_AndForgetsEarlierLoad()
    {
        var evaluator = new PolicyEvaluator(new ComputingPolicyOptions { SamplesToSuspend = 1, SamplesToResume = 5 });
        Assert.False(evaluator.Evaluate(Calm with { OtherCpuFraction = 0.99 }).MayCompute);
        var d = evaluator.Evaluate(Calm with { OtherCpuFraction = null });
        Assert.True(d.MayCompute);
        Assert.Equal(["CPU load: no information yet: not pausing for other processes"], d.Notes);
    }

    [Fact]
    public void Evaluate_Hot_PausesAfterConsecutiveSamples_ResumesFiveDegreesBelow()
    {
        var evaluator = new PolicyEvaluator(new ComputingPolicyOptions { MaxCpuTemperatureCelsius = 80, SamplesToSuspend = 2, SamplesToResume = 1 });
        bool Step(double celsius) => evaluator.Evaluate(Calm with { CpuTemperatureCelsius = celsius }).MayCompute;
        Assert.True(Step(85));
        Assert.False(Step(86));
        Assert.Equal("CPU at 79 °C (limit 80 °C)", evaluator.Evaluate(Calm with { CpuTemperatureCelsius = 79 }).PausedReason);
        Assert.True(Step(74.9));
    }

    [Fact]
    public void Evaluate_NoTemperature_ComputesAndSaysSo()
    {
        var d = Decide(Calm with { CpuTemperatureCelsius = null, Missing = ["CPU temperature: no readable thermal zones", "something else: unknown"] });
        Assert.True(d.MayCompute);
        Assert.Equal(["CPU temperature: no readable thermal zones: not pausing for heat", "something else: unknown"], d.Notes);
    }

    [Fact]
    public void Evaluate_SeveralReasons_AllNamed()
    {
        var d = Decide(Calm with { UserIdleFor = TimeSpan.Zero, OnBattery = true });
        Assert.Equal("user active (idle 0:00 of the 3:00 needed); on battery", d.PausedReason);
    }

    [Fact]
    public void Evaluate_ModeAlways_IgnoresEverySuspensionReason_KeepsLimits()
    {
        var d = Decide(Calm with { UserIdleFor = TimeSpan.Zero, OnBattery = true, CpuTemperatureCelsius = 120 }, new ComputingPolicyOptions { Mode = ComputingMode.Always });
        Assert.True(d.MayCompute);
        Assert.Equal(7, d.Threads);
    }

    [Fact]
    public void Evaluate_ModeNever_Paused()
    {
        Assert.Equal("suspended by the volunteer's settings (Mode=Never)", Decide(Calm, new ComputingPolicyOptions { Mode = ComputingMode.Never }).PausedReason);
    }

    [Fact]
    public void Evaluate_ConfiguredLimits_Win()
    {
        var d = Decide(Calm, maxThreads: 2, maxMemory: 3 * GiB);
        Assert.Equal(2, d.Threads);
        Assert.Equal(3 * GiB, d.MemoryBytes);
        Assert.Equal(8, Decide(Calm, maxThreads: 64).Threads);
        Assert.Equal(1, Decide(Calm with { LogicalCpus = 1 }).Threads);   // a one-core desktop still lends its core
    }
}
