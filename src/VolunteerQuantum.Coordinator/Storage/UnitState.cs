namespace VolunteerQuantum.Coordinator.Storage;

public enum UnitState
{
    /// <summary>Still collecting results.</summary>
    Active,
    Verified,
    Failed,
    /// <summary>Its project was cancelled or failed.</summary>
    Cancelled,
}
