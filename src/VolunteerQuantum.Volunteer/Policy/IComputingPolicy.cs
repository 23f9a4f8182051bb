namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>The live computing policy: the worker asks it before requesting work and while computing.</summary>
public interface IComputingPolicy
{
    PolicyDecision Current { get; }
}
