namespace VolunteerQuantum.Grid.Projects;

/// <summary>An <c>input float</c> parameter taking each of <see cref="Values"/> in turn.</summary>
public sealed record ParameterSweep(string Name, IReadOnlyList<double> Values);
