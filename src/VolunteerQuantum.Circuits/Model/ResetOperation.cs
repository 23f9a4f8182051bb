namespace VolunteerQuantum.Circuits.Model;

/// <summary>Reset one qubit to |0⟩ (a non-unitary operation).</summary>
public sealed record ResetOperation(int Qubit) : Operation
{
    public override IReadOnlyList<int> Qubits => [Qubit];
}
