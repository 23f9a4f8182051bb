using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>A gate parameter, an input parameter, or a constant such as pi.</summary>
internal sealed record IdentifierExpression(SourceLocation Location, string Name) : Expression(Location);
