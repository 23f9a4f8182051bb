using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>A modifier with its argument evaluated: a control count, or a power.</summary>
internal readonly record struct ModifierValue(ModifierKind Kind, int Controls, double Exponent);
