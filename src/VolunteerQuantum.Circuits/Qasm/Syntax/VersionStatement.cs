using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary><c>OPENQASM 2.0;</c> — only ever the first statement of a file.</summary>
internal sealed record VersionStatement(SourceLocation Location, int Major) : Statement(Location);
