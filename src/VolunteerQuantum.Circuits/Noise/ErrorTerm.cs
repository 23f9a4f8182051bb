namespace VolunteerQuantum.Circuits.Noise;

/// <summary>With <see cref="Probability"/>, the error applies <see cref="Steps"/> in order (none: nothing happens).</summary>
public sealed record ErrorTerm(double Probability, IReadOnlyList<ErrorStep> Steps)
{
    public bool IsUnitary => Steps.All(s => s is UnitaryStep);
}
