using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary><c>input float name;</c>: a parameter bound at parse time.</summary>
internal sealed record InputDeclaration(SourceLocation Location, string Name, SourceLocation NameLocation) : Statement(Location);
