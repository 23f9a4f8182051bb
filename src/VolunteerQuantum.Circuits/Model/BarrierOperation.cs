namespace VolunteerQuantum.Circuits.Model;

/// <summary>A barrier: no effect on the state. Like qsim, the engine fuses gates across it (it only orders compilation).</summary>
public sealed record BarrierOperation(IReadOnlyList<int> BarrierQubits) : Operation
{
    public override IReadOnlyList<int> Qubits => BarrierQubits;
}
