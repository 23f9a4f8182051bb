namespace VolunteerQuantum.Circuits.Gates;

/// <summary>A named gate of a built-in include file with its exact, closed-form matrix.</summary>
public sealed class StandardGateDefinition
{
    private readonly Func<IReadOnlyList<double>, StandardGate> _create;

    public StandardGateDefinition(string name, int parameterCount, int qubitCount, Func<IReadOnlyList<double>, StandardGate> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Name = name;
        ParameterCount = parameterCount;
        QubitCount = qubitCount;
        _create = create;
    }

    public string Name { get; }

    public int ParameterCount { get; }

    public int QubitCount { get; }

    public StandardGate Create(IReadOnlyList<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != ParameterCount)
        {
            throw new ArgumentException($"gate '{Name}' takes {ParameterCount} parameters, got {parameters.Count}", nameof(parameters));
        }
        return _create(parameters);
    }
}
