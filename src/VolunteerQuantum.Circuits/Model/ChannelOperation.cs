using VolunteerQuantum.Circuits.Noise;

namespace VolunteerQuantum.Circuits.Model;

/// <summary>A noise channel on circuit qubits (error qubit j ↦ <see cref="ChannelQubits"/>[j]), inserted by a noise model.</summary>
public sealed record ChannelOperation(QuantumError Error, IReadOnlyList<int> ChannelQubits) : Operation
{
    public override IReadOnlyList<int> Qubits => ChannelQubits;
}
