namespace VolunteerQuantum.Circuits.Qasm;

internal enum GateKind
{
    /// <summary>The built-in single-qubit U(θ, φ, λ).</summary>
    U,

    /// <summary>OpenQASM 2's built-in CX.</summary>
    CX,

    /// <summary>OpenQASM 3's built-in gphase(γ), a gate on no qubits.</summary>
    GlobalPhase,

    /// <summary>A gate of a built-in include, applied as its closed-form matrix.</summary>
    Standard,

    /// <summary>A user gate, expanded from its body.</summary>
    Defined,

    /// <summary>Declared without a body: cannot be simulated.</summary>
    Opaque,
}
