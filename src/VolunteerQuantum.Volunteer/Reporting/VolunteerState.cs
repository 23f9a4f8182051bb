namespace VolunteerQuantum.Volunteer.Reporting;

/// <summary>What the daemon is doing, as `vq volunteer status` shows it.</summary>
public enum VolunteerState
{
    Starting,

    /// <summary>Willing to compute, waiting for work.</summary>
    Idle,

    Computing,

    /// <summary>The computing policy says no (the reason says why); a leased replica stays suspended.</summary>
    Paused,

    Stopped,
}
