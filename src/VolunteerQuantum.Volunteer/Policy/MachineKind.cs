namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>Desktops and servers get different defaults (idle-only computing, CPUs lent).</summary>
public enum MachineKind
{
    /// <summary>A desktop when a graphical session is present, otherwise a server.</summary>
    Auto,
    Desktop,
    Server,
}
