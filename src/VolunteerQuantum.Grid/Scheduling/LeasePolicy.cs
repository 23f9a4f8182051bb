using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Scheduling;

/// <summary>
/// Two clocks guard a lease. The heartbeat lease is short and renewed by every heartbeat, so a
/// volunteer that vanishes loses its replica within a few missed heartbeats. The overall deadline
/// is sized from the unit's cost and the host's measured speed (with a generous safety factor), so
/// a host that heartbeats but never finishes cannot hold a unit forever.
/// </summary>
public sealed record LeasePolicy
{
    /// <summary>How often volunteers heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Missed heartbeats after which a lease expires.</summary>
    public int MissedHeartbeats { get; init; } = 3;

    /// <summary>Expected run time is multiplied by this to get the overall deadline.</summary>
    public double SafetyFactor { get; init; } = 10;

    public TimeSpan MinimumDeadline { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan MaximumDeadline { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Speed assumed for a host that has not reported a benchmark (amplitude updates per second).</summary>
    public double FallbackSpeed { get; init; } = 5e7;

    public TimeSpan HeartbeatLease => HeartbeatInterval * MissedHeartbeats;

    public DateTime OverallDeadline(DateTime now, WorkUnitSpec unit, HostProfile host)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(host);
        var speed = host.AmplitudeUpdatesPerSecond > 0 ? host.AmplitudeUpdatesPerSecond : FallbackSpeed;
        var expected = TimeSpan.FromSeconds(Math.Min(unit.Cost / speed * SafetyFactor, MaximumDeadline.TotalSeconds));
        var span = expected < MinimumDeadline ? MinimumDeadline : expected > MaximumDeadline ? MaximumDeadline : expected;
        return now + span;
    }

    /// <summary>The lease's expiry after a heartbeat at <paramref name="now"/>, never past the overall deadline.</summary>
    public DateTime RenewedExpiry(DateTime now, DateTime overallDeadline)
    {
        var renewed = now + HeartbeatLease;
        return renewed < overallDeadline ? renewed : overallDeadline;
    }
}
