using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Tests;

public sealed class BackoffTests
{
    [Fact]
    public void Next_GrowsExponentially_WithinJitterBounds_UpToTheMaximum()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        double[] ceilings = [1, 2, 4, 8, 16, 30, 30, 30];
        foreach (var ceiling in ceilings)
        {
            var delay = backoff.Next().TotalSeconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Reset_StartsOverFromTheInitialDelay()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(2));
        for (var i = 0; i < 6; i++)
        {
            backoff.Next();
        }
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void Next_TwoVolunteers_DoNotRetryInLockstep()
    {
        var a = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(3));
        var b = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(4));
        var same = Enumerable.Range(0, 8).Count(_ => a.Next() == b.Next());
        Assert.True(same < 8);
    }
}
