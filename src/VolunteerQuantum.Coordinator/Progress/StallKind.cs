namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>Why a running project makes no progress (the wire's StallReason).</summary>
public enum StallKind
{
    NoVolunteers,
    NoneConnected,
    AllPaused,
    NotEnoughMemory,
    NoEligibleVolunteer,
    VolunteersBusy,
}
