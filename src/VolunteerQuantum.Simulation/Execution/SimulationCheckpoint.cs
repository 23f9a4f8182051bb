using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Execution;

/// <summary>
/// A consistent point of a run, handed to <see cref="SimulationCheckpointing.Save"/>: the state after
/// exactly <see cref="FusedOperationsDone"/> fused operations. The state is only valid during the call
/// (the run goes on changing it afterwards), so a saver copies what it needs before returning.
/// </summary>
public readonly record struct SimulationCheckpoint(StateVector State, int FusedOperationsDone, int FusedOperationsTotal, CheckpointReason Reason);
