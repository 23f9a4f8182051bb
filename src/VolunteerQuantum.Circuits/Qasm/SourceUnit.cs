using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>One parsed file: its statements and the OpenQASM major version they were read as.</summary>
internal sealed record SourceUnit(string File, int Version, bool HasHeader, IReadOnlyList<Statement> Statements);
