using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>A real-valued expression (gate parameters, indices, modifier arguments).</summary>
internal abstract record Expression(SourceLocation Location);
