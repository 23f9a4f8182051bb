namespace VolunteerQuantum.Circuits.Model;

/// <summary>A barrier: no effect on the state; fusion never merges gates across it.</summary>
public sealed record BarrierOperation(IReadOnlyList<int> BarrierQubits) : Operation
{
    public override IReadOnlyList<int> Qubits => BarrierQubits;
}
