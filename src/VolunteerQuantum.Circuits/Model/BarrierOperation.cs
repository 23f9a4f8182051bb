namespace VolunteerQuantum.Circuits.Model;

/// <summary>A barrier: no effect on the state. Like qsim, the engine fuses gates across it (it only orders compilation).</summary>
public sealed record BarrierOperation(IReadOnlyList<int> BarrierQubits) : Operation
{
    /// <summary>
    /// For OpenQASM 3's <c>delay[d] q;</c>: how long the qubits idle (null for a plain barrier). Without
    /// noise it is an identity like any barrier.
    /// </summary>
    public double? DelaySeconds { get; init; }

    public override IReadOnlyList<int> Qubits => BarrierQubits;
}
