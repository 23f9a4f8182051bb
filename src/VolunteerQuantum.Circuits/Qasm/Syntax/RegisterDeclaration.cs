using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax;

/// <summary>
/// <c>qreg q[n];</c> <c>creg c[n];</c> <c>qubit[n] q;</c> <c>bit[n] c;</c>, or with <see cref="IsScalar"/>
/// OpenQASM 3's <c>qubit q;</c> <c>bit c;</c>: one bit that broadcasts like an indexed operand.
/// </summary>
internal sealed record RegisterDeclaration(SourceLocation Location, string Name, SourceLocation NameLocation, int Size, bool IsQuantum, bool IsScalar = false) : Statement(Location);
