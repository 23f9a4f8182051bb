namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// <see cref="Error"/> after every gate named in <see cref="Gates"/> ("*": every gate). With
/// <see cref="Qubits"/> set, only on exactly those qubits, in the gate's operand order (controls first,
/// as written: cx c, t is [c, t]); such local errors replace the all-qubit ones there, as in Aer.
/// </summary>
public sealed record GateErrorRule(IReadOnlySet<string> Gates, IReadOnlyList<int>? Qubits, QuantumError Error)
{
    /// <summary>The gate name that matches every gate.</summary>
    public const string AllGates = "*";

    public bool Names(string gate) => Gates.Contains(gate) || Gates.Contains(AllGates);
}

/// <summary>A one-qubit error on the listed qubits (null: all of them; rules for a qubit replace the all-qubit ones there).</summary>
public sealed record QubitErrorRule(IReadOnlyList<int>? Qubits, QuantumError Error);

/// <summary>A readout error on the listed qubits (null: all of them; a rule for a qubit replaces the all-qubit one).</summary>
public sealed record ReadoutErrorRule(IReadOnlyList<int>? Qubits, ReadoutError Error);
