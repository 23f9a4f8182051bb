namespace VolunteerQuantum.Coordinator.Pipeline;

/// <summary>
/// Called by every pipeline service before it works on a project: the seam through which tests
/// make one service fail on one project (a poison project), as <see cref="TimeProvider"/> is the
/// seam for time. The coordinator's own probe does nothing.
/// </summary>
public class PipelineProbe
{
    public virtual void BeforeItem(string service, string projectId)
    {
    }
}
