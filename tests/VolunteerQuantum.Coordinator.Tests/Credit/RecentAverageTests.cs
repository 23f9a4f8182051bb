using VolunteerQuantum.Coordinator.Credit;

namespace VolunteerQuantum.Coordinator.Tests.Credit;

/// <summary>RAC: credit per day, exponentially averaged with a one-week half-life, against hand-computed values.</summary>
public sealed class RecentAverageTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Grant_AddsCreditTimesLn2OverHalfLifeInDays()
    {
        var rac = default(RecentAverage).Grant(100, T0);
        Assert.Equal(100 * Math.Log(2) / 7, rac.At(T0), 1e-12);
    }

    [Fact]
    public void At_OneHalfLifeLater_Half_TwoLater_Quarter()
    {
        var rac = default(RecentAverage).Grant(100, T0);
        var start = rac.At(T0);
        Assert.Equal(start / 2, rac.At(T0 + TimeSpan.FromDays(7)), 1e-12);
        Assert.Equal(start / 4, rac.At(T0 + TimeSpan.FromDays(14)), 1e-12);
        // One day: 2^(−1/7) by hand, 0.905723664263906…
        Assert.Equal(start * 0.9057236642639066, rac.At(T0 + TimeSpan.FromDays(1)), 1e-12);
    }

    [Fact]
    public void Grants_DecayedOnUpdate_SameAsSumOfEachGrantDecayed()
    {
        var t1 = T0 + TimeSpan.FromHours(30);
        var read = T0 + TimeSpan.FromDays(3);
        var rac = default(RecentAverage).Grant(10, T0).Grant(4, t1);
        var w = Math.Log(2) / 7;
        var expected = (10 * w * Math.Pow(2, -3.0 / 7)) + (4 * w * Math.Pow(2, -(3 - 1.25) / 7));
        Assert.Equal(expected, rac.At(read), 1e-12);
    }

    [Fact]
    public void Revoke_TakesTheGrantOutExactly_AsIfNeverGranted()
    {
        var t1 = T0 + TimeSpan.FromDays(2);
        var revokedAt = T0 + TimeSpan.FromDays(5);
        var read = T0 + TimeSpan.FromDays(9);
        var rac = default(RecentAverage).Grant(10, T0).Grant(4, t1).Revoke(10, T0, revokedAt);
        var only4 = default(RecentAverage).Grant(4, t1);
        Assert.Equal(only4.At(read), rac.At(read), 1e-12);
        Assert.Equal(0, default(RecentAverage).Grant(3, T0).Revoke(3, T0, T0 + TimeSpan.FromDays(1)).At(read), 1e-15);
    }

    [Fact]
    public void SteadyCreditPerDay_TendsToThatRate()
    {
        var rac = default(RecentAverage);
        for (var day = 0; day < 7 * 20; day++)
        {
            rac = rac.Grant(50, T0 + TimeSpan.FromDays(day));
        }
        // Just after the 140th daily grant of 50: 50·(ln2/7)·Σₖ 2^(−k/7) = 50·(ln2/7)·(1 − 2⁻²⁰)/(1 − 2^(−1/7)),
        // which tends to about 52.5 (just after a grant; 50 on average over each day).
        var sum = 50 * Math.Log(2) / 7 * (1 - Math.Pow(2, -20)) / (1 - Math.Pow(2, -1.0 / 7));
        Assert.Equal(sum, rac.At(T0 + TimeSpan.FromDays((7 * 20) - 1)), 1e-9);
        Assert.InRange(sum, 50, 50 * 1.06);
    }

    [Fact]
    public void At_StoredAsLocalTime_SameInstant()
    {
        var rac = default(RecentAverage).Grant(100, T0);
        var stored = rac with { AtUtc = rac.AtUtc.ToLocalTime() };
        Assert.Equal(rac.At(T0 + TimeSpan.FromDays(7)), stored.At(T0 + TimeSpan.FromDays(7)), 1e-12);
    }

    [Fact]
    public void At_BeforeItsTime_NoGrowth()
    {
        var rac = default(RecentAverage).Grant(100, T0);
        Assert.Equal(rac.At(T0), rac.At(T0 - TimeSpan.FromDays(1)));
    }
}
