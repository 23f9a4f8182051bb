using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

internal sealed record IncludeStatement(SourceLocation Location, string Path) : Statement(Location);
