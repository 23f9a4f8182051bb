namespace VolunteerQuantum.Grid.Planning;

/// <summary>A submission that cannot be planned: the message says what is wrong, for the person who sent it.</summary>
public class ProjectSpecException : Exception
{
    public ProjectSpecException()
    {
    }

    public ProjectSpecException(string message)
        : base(message)
    {
    }

    public ProjectSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
