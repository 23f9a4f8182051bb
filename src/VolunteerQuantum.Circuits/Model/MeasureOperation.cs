namespace VolunteerQuantum.Circuits.Model;

/// <summary>Measure one qubit in the computational basis and store the outcome in one clbit.</summary>
public sealed record MeasureOperation(int Qubit, int Clbit) : Operation
{
    public override IReadOnlyList<int> Qubits => [Qubit];
}
