using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// One operation of an error term, on qubits numbered within the error (0 … error qubits − 1), which
/// <see cref="NoiseModel.Apply"/> maps to the circuit qubits the error is attached to.
/// </summary>
public abstract record ErrorStep(IReadOnlyList<int> Qubits);

/// <summary>A unitary (Pauli, or any gate): in a trajectory it is folded into the fusion of the neighbouring gates.</summary>
public sealed record UnitaryStep(GateMatrix Matrix, IReadOnlyList<int> Qubits) : ErrorStep(Qubits);

/// <summary>A general channel: a trajectory picks Kᵢ with probability ‖Kᵢψ‖².</summary>
public sealed record KrausStep(KrausChannel Channel, IReadOnlyList<int> Qubits) : ErrorStep(Qubits);

/// <summary>Reset one qubit to |0⟩ (Aer's "reset" instruction inside an error).</summary>
public sealed record ResetStep(int Qubit) : ErrorStep([Qubit]);
