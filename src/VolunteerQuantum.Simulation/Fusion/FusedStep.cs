namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>
/// One sweep over the state: either one gate on the whole state, or a run of gates that all act only on
/// qubits below <see cref="GateSchedule.ChunkQubits"/>, applied chunk by chunk so that each chunk stays
/// in cache while every gate of the run is applied to it (one memory pass for the whole run).
/// </summary>
public sealed record FusedStep(IReadOnlyList<FusedGate> Gates, bool Chunked);
