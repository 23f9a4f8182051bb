namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>
/// A fact that runs the Python client: skipped, saying what to install, where no python3 has
/// grpcio, protobuf and NumPy and a protobuf compiler to generate the message modules with.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (PythonClient.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
