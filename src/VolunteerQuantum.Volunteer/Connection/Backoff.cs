namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// Jittered exponential backoff ("equal jitter"): wait between half and all of min(max, base·2^attempt),
/// so a coordinator that comes back is not hit by every volunteer at the same instant.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan maximum, Random random)
{
    private int _attempt;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(maximum.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }

    public void Reset() => _attempt = 0;
}
