using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>What a gate name means at a point in the program.</summary>
internal sealed class GateSymbol
{
    public GateSymbol(string name, GateKind kind, int parameterCount, int qubitCount)
    {
        Name = name;
        Kind = kind;
        ParameterCount = parameterCount;
        QubitCount = qubitCount;
    }

    public string Name { get; }

    public GateKind Kind { get; }

    public int ParameterCount { get; }

    public int QubitCount { get; }

    /// <summary>The built-in include it came from, or null.</summary>
    public string? Library { get; init; }

    /// <summary>For <see cref="GateKind.Standard"/>: the closed-form matrix.</summary>
    public StandardGateDefinition? Standard { get; init; }

    /// <summary>For <see cref="GateKind.Defined"/>: parameter names, in order.</summary>
    public IReadOnlyList<string> ParameterNames { get; init; } = [];

    /// <summary>For <see cref="GateKind.Defined"/>: the body with its gate names already resolved.</summary>
    public IReadOnlyList<BodyOperation> Body { get; init; } = [];
}
