using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// One statement of a gate body, resolved when the gate is declared (so that later declarations,
/// e.g. a user gate shadowing a built-in, do not change what an earlier gate means). Qubits are
/// indices into the gate's qubit arguments. <see cref="Gate"/> is null for a barrier.
/// </summary>
internal sealed record BodyOperation(
    SourceLocation Location,
    GateSymbol? Gate,
    IReadOnlyList<GateModifier> Modifiers,
    IReadOnlyList<Expression> Parameters,
    IReadOnlyList<int> Qubits);
