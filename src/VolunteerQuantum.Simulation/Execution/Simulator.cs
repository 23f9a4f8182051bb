using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.Sampling;
using VolunteerQuantum.Simulation.Sharding;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Execution;

/// <summary>
/// The engine's front door. <see cref="Run"/> simulates a whole circuit (shots, amplitudes,
/// expectation values, the final state); <see cref="ApplyToShard"/> runs a stage's gates on one shard
/// of a distributed state (the grid's unit of work).
/// </summary>
public sealed class Simulator
{
    public Simulator(SimulationOptions? options = null)
    {
        Options = options ?? new SimulationOptions();
        Options.Validate();
    }

    public SimulationOptions Options { get; }

    public SimulationResult Run(Circuit circuit, SimulationRequest? request = null, IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        request ??= new SimulationRequest();
        return Options.Precision == Precision.Single
            ? new SimulationEngine<float>(Options).Run(circuit, request, progress, cancellationToken)
            : new SimulationEngine<double>(Options).Run(circuit, request, progress, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="gates"/> (global qubit numbering) to a shard: each gate is first reduced to
    /// the shard (<see cref="ShardGateReducer"/>), then the rest are fused and applied. A whole state is the
    /// shard with no global qubits. Returns the number of kernel calls. For checkpointing: save the shard
    /// together with the last reported <see cref="SimulationProgress.FusedOperationsDone"/>; later, load the
    /// shard and call again with the same gates and that value as <paramref name="resumeAfter"/>.
    /// </summary>
    public int ApplyToShard(StateVector shard, IEnumerable<GateOperation> gates, IProgress<SimulationProgress>? progress = null, int resumeAfter = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(gates);
        var reduced = new ShardGateReducer(shard.LocalQubits, shard.GlobalQubits, shard.ShardIndex).Reduce(gates);
        return shard switch
        {
            StateVector<float> f => new SimulationEngine<float>(Options with { Precision = Precision.Single }).Apply(f, reduced, progress, resumeAfter, cancellationToken),
            StateVector<double> d => new SimulationEngine<double>(Options with { Precision = Precision.Double }).Apply(d, reduced, progress, resumeAfter, cancellationToken),
            _ => throw new ArgumentException("unknown state type", nameof(shard)),
        };
    }

    /// <summary>
    /// Draws <paramref name="shots"/> basis states from |ψ_i|² of a state or a shard (probabilities relative to
    /// the shard's own norm², so a grid gives each shard its share of the shots first). Returns global
    /// indices with counts, in increasing index order; the same seed gives the same draws for any thread count.
    /// </summary>
    public IReadOnlyList<(long GlobalIndex, long Count)> SampleBasisStates(StateVector state, long shots, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(state);
        var random = new DeterministicRandom(seed);
        var samples = state switch
        {
            StateVector<float> f => ShotSampler.Sample(f, shots, random, Options.EffectiveThreads),
            StateVector<double> d => ShotSampler.Sample(d, shots, random, Options.EffectiveThreads),
            _ => throw new ArgumentException("unknown state type", nameof(state)),
        };
        return samples.Select(s => (s.Index + state.GlobalIndexBase, s.Count)).ToArray();
    }

    /// <summary>Exact ⟨ψ|O|ψ⟩ of a whole state.</summary>
    public double Expectation(StateVector state, PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            StateVector<float> f => ExpectationCalculator.Expectation(f, observable, Options.EffectiveThreads),
            StateVector<double> d => ExpectationCalculator.Expectation(d, observable, Options.EffectiveThreads),
            _ => throw new ArgumentException("unknown state type", nameof(state)),
        };
    }

    /// <summary>The fused kernel calls this simulator would make for <paramref name="gates"/> (for reports and tests).</summary>
    public IReadOnlyList<FusedGate> Fuse(IReadOnlyList<GateOperation> gates, int qubits) =>
        new GateFuser(Options.FusionOptions).Fuse(gates, qubits);
}
