namespace VolunteerQuantum.Coordinator.Storage;

public enum ProjectState
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
