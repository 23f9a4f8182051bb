using System.Numerics;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Shards;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>
/// The `shards` strategy: the largest shard that fits one unit's memory, at least two shards, and
/// the stage plan. Only the first stage's unit exists at first (shard 0 of |0…0⟩; the others are
/// zero until the first reshuffle); the coordinator makes each later stage's units from the
/// previous stage's verified shards.
/// </summary>
public static class ShardsPlanner
{
    public static ProjectPlan Plan(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var circuit = input.Circuit;
        var n = circuit.QubitCount;
        if (n < 2)
        {
            throw new ProjectSpecException("a one-qubit circuit cannot be split into shards");
        }
        var fitting = BitOperations.Log2((ulong)Math.Max(1, input.MemoryLimit / input.AmplitudeBytes));
        var local = Math.Min(fitting, n - 1);
        var widest = input.Gates.Where(g => !g.IsDiagonal).Select(g => g.Targets.Count).DefaultIfEmpty(1).Max();
        if (local < widest)
        {
            throw new ProjectSpecException($"a shard that fits {ProjectPlanner.Bytes(input.MemoryLimit)} holds {Math.Max(0, fitting)} qubits, fewer than the {widest} targets of the circuit's widest gate");
        }
        if (n - local > 30 || 1L << (n - local) > input.MaxUnits)
        {
            throw new PlanLimitException($"shards of {local} qubits split the {n}-qubit state into 2^{n - local} shards, more than the {input.MaxUnits} units a project may have (Coordinator:MaxUnitsPerProject): allow more memory per unit (--max-unit-memory) or ask the operator to raise the limit");
        }
        var plan = StagePlanner.Plan(input.Gates, n, local, restoreOrder: spec.ReturnState);
        var first = Unit(0, stage: 0, shard: 0, plan.LocalQubits, plan.GlobalQubits, plan.Stages[0].Gates.Count, inputNorm: 1, spec.SinglePrecision, startsAtZero: true);
        var shardBytes = (long)input.AmplitudeBytes << local;
        return new ProjectPlan
        {
            Strategy = SlicingStrategy.Shards,
            Units = [first],
            Points = input.Points,
            Qubits = n,
            Clbits = circuit.ClbitCount,
            Gates = circuit.GateCount,
            KeyGroupSizes = input.KeyGroupSizes,
            MemoryPerUnit = shardBytes,
            ObservableWeights = input.ObservableWeights,
            Shots = input.Shots,
            Warnings = circuit.Warnings,
            Shards = plan,
            Description = $"shards: {plan.ShardCount} shards of 2^{local} amplitudes ({ProjectPlanner.Bytes(shardBytes)} per unit) "
                + $"in {plan.Stages.Count} stage(s) with {plan.Reshuffles} reshuffle(s), {spec.MinQuorum} replicas each",
        };
    }

    /// <summary>
    /// The unit that applies one stage (of <paramref name="stageGates"/> gates) to one shard: made here
    /// for the first stage, and by the coordinator for each later one.
    /// </summary>
    public static WorkUnitSpec Unit(int index, int stage, long shard, int localQubits, int globalQubits, int stageGates, double inputNorm, bool singlePrecision, bool startsAtZero = false)
    {
        var gates = Math.Max(1, stageGates);
        return new WorkUnitSpec
        {
            Index = index,
            Kind = UnitKind.Shard,
            MemoryBytes = (singlePrecision ? 8L : 16L) << localQubits,
            GateCount = gates,
            Cost = gates * Math.Pow(2, localQubits),
            Shard = new ShardUnitSpec
            {
                Stage = stage,
                ShardIndex = shard,
                LocalQubits = localQubits,
                GlobalQubits = globalQubits,
                InputNormSquared = inputNorm,
                StartsAtZeroState = startsAtZero,
            },
        };
    }
}
