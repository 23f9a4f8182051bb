namespace VolunteerQuantum.Grid.Planning;

/// <summary>
/// A submission that is valid but exceeds a limit of the grid (units per project, memory per unit):
/// it could never run here. The message names the limit and how to stay under or raise it.
/// </summary>
public sealed class PlanLimitException : ProjectSpecException
{
    public PlanLimitException(string message)
        : base(message)
    {
    }

    public PlanLimitException()
    {
    }

    public PlanLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
