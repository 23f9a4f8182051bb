using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Shards;

/// <summary>
/// One stage: gates on physical qubits that every shard can apply on its own (non-diagonal targets
/// local; diagonals and controls anywhere), then the reshuffle to the next stage (null after the last).
/// </summary>
public sealed record ShardStage(IReadOnlyList<GateOperation> Gates, Reshuffle? Next);
