namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>
/// A threshold with two levels and two patience counts, so a reading that hovers around the limit
/// does not switch computing on and off: it trips after <paramref name="samplesToTrip"/> consecutive
/// samples above <paramref name="tripAbove"/> and clears after <paramref name="samplesToClear"/>
/// consecutive samples below <paramref name="clearBelow"/>. A missing reading clears it (no
/// information is no reason to pause).
/// </summary>
public sealed class Hysteresis(double tripAbove, double clearBelow, int samplesToTrip, int samplesToClear)
{
    private int _run;

    public bool Tripped { get; private set; }

    public bool Update(double? value)
    {
        if (value is not { } v || double.IsNaN(v))
        {
            Tripped = false;
            _run = 0;
            return false;
        }
        var towardsFlip = Tripped ? v < clearBelow : v > tripAbove;
        _run = towardsFlip ? _run + 1 : 0;
        if (_run >= Math.Max(1, Tripped ? samplesToClear : samplesToTrip))
        {
            Tripped = !Tripped;
            _run = 0;
        }
        return Tripped;
    }
}
