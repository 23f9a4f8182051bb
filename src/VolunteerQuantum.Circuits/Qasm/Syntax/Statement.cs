using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>One statement of a program, located where it starts.</summary>
internal abstract record Statement(SourceLocation Location);
