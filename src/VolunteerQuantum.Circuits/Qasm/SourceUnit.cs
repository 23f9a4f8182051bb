using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>One parsed file: its statements and the OpenQASM major version they were read as.</summary>
internal sealed record SourceUnit(string File, int Version, bool HasHeader, IReadOnlyList<Statement> Statements)
{
    /// <summary>What the parser noticed but did not refuse (the version it assumed, ignored pragmas).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
