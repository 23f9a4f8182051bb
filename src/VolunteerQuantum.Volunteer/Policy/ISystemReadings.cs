namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>Where samples come from: the operating system's sources, or a test's fake readings.</summary>
public interface ISystemReadings
{
    /// <summary>Takes one sample; rates (CPU load) are measured since the previous call.</summary>
    SystemSample Read();
}
