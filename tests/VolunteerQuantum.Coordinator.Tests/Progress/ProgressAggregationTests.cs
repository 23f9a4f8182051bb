using Microsoft.Extensions.Time.Testing;
using VolunteerQuantum.Coordinator.Progress;

namespace VolunteerQuantum.Coordinator.Tests.Progress;

/// <summary>The work fraction from units and heartbeats, and the rate and time left over a window (on a fake clock).</summary>
public sealed class ProgressAggregationTests
{
    [Fact]
    public void OfUnit_OneResultWanted_BestReplicasFraction()
    {
        Assert.Equal(0.7, WorkFraction.OfUnit(1, 0, [0.2, 0.7, 0.5]), 12);
        Assert.Equal(0, WorkFraction.OfUnit(1, 0, []), 12);
    }

    [Fact]
    public void OfUnit_QuorumOfTwo_ReturnedCountFully_RunningByTheirProgress_ExtraReplicasAddNothing()
    {
        // Both running side by side: each wanted result is half the unit.
        Assert.Equal((0.6 + 0.4) / 2, WorkFraction.OfUnit(2, 0, [0.6, 0.4]), 12);
        // One returned, one running: the unit never goes back when the first replica finishes.
        Assert.Equal((1 + 0.4) / 2, WorkFraction.OfUnit(2, 1, [0.4]), 12);
        // A third replica (after a disagreement) beyond the two wanted: only the two most advanced count.
        Assert.Equal((0.9 + 0.6) / 2, WorkFraction.OfUnit(2, 0, [0.1, 0.9, 0.6]), 12);
        // Returned results beyond those wanted do not push it past 1.
        Assert.Equal(1, WorkFraction.OfUnit(2, 3, [0.5]), 12);
    }

    [Fact]
    public void OfUnit_BadHeartbeatValues_Clamped()
    {
        Assert.Equal(1, WorkFraction.OfUnit(1, 0, [7]), 12);
        Assert.Equal(0, WorkFraction.OfUnit(1, 0, [double.NaN, -1]), 12);
    }

    [Fact]
    public void OfProject_VerifiedUnitsFully_RunningUnitsByTheirFraction()
    {
        Assert.Equal((3 + 0.5 + 0.25) / 10, WorkFraction.OfProject(10, 3, [0.5, 0.25]), 12);
        Assert.Equal(0.3, WorkFraction.OfProject(1, 0, [0.3]), 12);
        Assert.Equal(0, WorkFraction.OfProject(0, 0, []), 12);
    }

    [Fact]
    public void Record_TooShortASpan_NoRateNoEta()
    {
        var clock = new FakeTimeProvider();
        var tracker = new ThroughputTracker(clock, TimeSpan.FromSeconds(60));
        Assert.Equal((0.0, 0.0, (double?)null), tracker.Record("p", 0, 10));
        clock.Advance(TimeSpan.FromSeconds(1));
        var (rate, window, eta) = tracker.Record("p", 0.5, 10);
        Assert.Equal(0, rate);
        Assert.Equal(1, window, 9);
        Assert.Null(eta);
    }

    [Fact]
    public void Record_SteadyProgress_RateOverTheWindow_EtaFromWhatIsLeft()
    {
        var clock = new FakeTimeProvider();
        var tracker = new ThroughputTracker(clock, TimeSpan.FromSeconds(60));
        // 0.1 unit per second for 10 s: 1 of 10 units done, 9 left at 0.1/s.
        for (var s = 0; s <= 10; s++)
        {
            var (rate, window, eta) = tracker.Record("p", 0.1 * s, 10);
            if (s == 10)
            {
                Assert.Equal(0.1, rate, 9);
                Assert.Equal(10, window, 9);
                Assert.Equal(90, eta!.Value, 6);
            }
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void Record_OnlyTheRecentWindowCounts()
    {
        var clock = new FakeTimeProvider();
        var tracker = new ThroughputTracker(clock, TimeSpan.FromSeconds(10));
        // Fast at first (1 unit/s for 20 s), then slow (0.1 unit/s for 20 s): the rate is the recent one.
        var done = 0.0;
        for (var s = 0; s < 40; s++)
        {
            tracker.Record("p", done, 100);
            done += s < 20 ? 1 : 0.1;
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        var (rate, window, eta) = tracker.Record("p", done, 100);
        Assert.Equal(0.1, rate, 9);
        Assert.Equal(10, window, 9);
        Assert.Equal((100 - done) / 0.1, eta!.Value, 6);
    }

    [Fact]
    public void Record_NoProgressInTheWindow_NoEta_WorkGoingBack_NoNegativeRate()
    {
        var clock = new FakeTimeProvider();
        var tracker = new ThroughputTracker(clock, TimeSpan.FromSeconds(60));
        tracker.Record("p", 2, 4);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((0.0, 5.0, (double?)null), tracker.Record("p", 2, 4));
        clock.Advance(TimeSpan.FromSeconds(5));
        // A disagreement wants another replica: less work done than before.
        var (rate, _, eta) = tracker.Record("p", 1.5, 4);
        Assert.Equal(0, rate);
        Assert.Null(eta);
    }

    [Fact]
    public void Keep_EndedProjectsForgotten_StartAfresh()
    {
        var clock = new FakeTimeProvider();
        var tracker = new ThroughputTracker(clock, TimeSpan.FromSeconds(60));
        tracker.Record("p", 0, 4);
        clock.Advance(TimeSpan.FromSeconds(10));
        tracker.Keep(new HashSet<string>(StringComparer.Ordinal));
        Assert.Equal((0.0, 0.0, (double?)null), tracker.Record("p", 1, 4));
    }
}
