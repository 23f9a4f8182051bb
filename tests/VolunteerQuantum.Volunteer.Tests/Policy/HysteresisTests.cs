using VolunteerQuantum.Volunteer.Policy;

namespace VolunteerQuantum.Volunteer.Tests.Policy;

public sealed class HysteresisTests
{
    [Fact]
    public void Update_ReadingHoveringAroundTheLimit_NeverFlaps()
    {
        var h = new Hysteresis(tripAbove: 50, clearBelow: 35, samplesToTrip: 3, samplesToClear: 6);
        // Alternating just over and just under the limit: never three in a row over it.
        var states = new[] { 55.0, 45, 60, 48, 52, 49, 70, 30, 51, 52 }.Select(v => h.Update(v)).ToList();
        Assert.All(states, Assert.False);
    }

    [Fact]
    public void Update_TripsAfterConsecutiveSamples_ClearsOnlyBelowTheLowerLevel()
    {
        var h = new Hysteresis(50, 35, 3, 2);
        Assert.False(h.Update(60));
        Assert.False(h.Update(60));
        Assert.True(h.Update(60));
        // Between the two levels: stays tripped however long it lasts.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(h.Update(40));
        }
        Assert.True(h.Update(30));
        Assert.True(h.Update(40));   // the run below 35 is broken: start counting again
        Assert.True(h.Update(30));
        Assert.False(h.Update(30));
    }

    [Fact]
    public void Update_MissingReading_Clears()
    {
        var h = new Hysteresis(50, 35, 1, 10);
        Assert.True(h.Update(90));
        Assert.False(h.Update(null));
        Assert.False(h.Update(double.NaN));
        Assert.False(h.Tripped);
    }
}
