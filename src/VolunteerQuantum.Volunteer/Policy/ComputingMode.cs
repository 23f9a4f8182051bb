namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>BOINC's three run modes.</summary>
public enum ComputingMode
{
    /// <summary>Compute when the computing policy allows it (idle, load, battery, hours, temperature).</summary>
    Auto,

    /// <summary>Compute whatever the user, load, battery, hours or temperature (the CPU and memory limits still hold).</summary>
    Always,

    /// <summary>Do not compute (the daemon stays connected and says it is paused).</summary>
    Never,
}
