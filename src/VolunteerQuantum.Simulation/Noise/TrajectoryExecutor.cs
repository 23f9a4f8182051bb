using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Dynamic;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.Results;
using VolunteerQuantum.Simulation.Sampling;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Noise;

/// <summary>
/// Quantum trajectories (as qsim does them). Per trajectory, with its own random stream:
/// a channel draws one of its terms by the term probabilities, which never depend on the state, so
/// unitary terms (Paulis, Z, X) are only appended to the pending gates and fused with their neighbours:
/// no norm is ever computed for them. A Kraus step, a reset or a mid-circuit measurement first applies the
/// pending gates, then picks branch i with probability ‖Kᵢψ‖² from the reduced density matrix of its qubits
/// (one pass), and appends Kᵢ/√pᵢ to the pending gates. Observables are taken once the terminal errors are
/// applied, so of the state the measurements see. Readout errors flip the sampled bits.
/// </summary>
internal sealed class TrajectoryExecutor<T>(SimulationEngine<T> engine, int threads, CancellationToken cancellationToken)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly List<GateOperation> _pending = [];

    public SimulationResult Run(NoisyCircuit noisy, SimulationRequest request, MemoryBudget budget, IProgress<SimulationProgress>? progress, Func<SimulationTimings> timings)
    {
        var circuit = noisy.Circuit;
        var program = TrajectoryProgram.Analyze(circuit);
        var total = request.Trajectories;
        var first = request.FirstTrajectory;
        var count = request.TrajectoryCount > 0 ? request.TrajectoryCount : total - first;
        Check(request, program, total, first, count);
        var counts = new Dictionary<ClbitValue, long>();
        var moments = new ObservableMoments[request.Observables.Count];
        var memory = circuit.NewMemory();
        var clbits = memory.Clbits;
        using var state = new StateVector<T>(circuit.QubitCount, 0, 0, budget, threads);
        for (var t = first; t < first + count; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (t > first)
            {
                state.Clear(threads);
                state.SetAmplitude(0, Complex.One);
            }
            memory.Clear();
            var random = new DeterministicRandom(TrajectorySeed.Of(request.Seed, t));
            var shots = request.Shots > 0 ? TrajectorySeed.ShotsOf(t, request.Shots, total) : 0;
            Execute(state, program, noisy.ReadoutErrors, memory, random);
            if (program.IsDynamic)
            {
                if (shots > 0)
                {
                    Add(counts, ClbitValue.FromBits(clbits), 1);
                }
            }
            else
            {
                // Observables see the whole noisy circuit (the last gates' errors and the measure errors
                // included, readout excluded), as the density-matrix method's Tr(Pρ) does.
                ApplyTerminalChannels(state, program, random);
                for (var o = 0; o < moments.Length; o++)
                {
                    var value = ExpectationCalculator.Expectation(state, request.Observables[o], threads);
                    moments[o] += new ObservableMoments(1, value, value * value);
                }
                SampleTerminal(state, program.TerminalMeasurements, noisy.ReadoutErrors, clbits, shots, random, counts);
            }
            progress?.Report(new SimulationProgress((int)Math.Min(int.MaxValue, t - first + 1), (int)Math.Min(int.MaxValue, count)));
        }
        var spent = timings();
        return new SimulationResult
        {
            Counts = request.Shots > 0 ? new MeasurementCounts(circuit.ClbitCount, counts) : null,
            ExpectationValues = moments.Select(m => m.Mean).ToArray(),
            ExpectationMoments = moments,
            Trajectories = count,
            IsDynamic = program.IsDynamic,
            GateCount = circuit.GateCount,
            Timings = spent,
            Elapsed = spent.Total,
        };
    }

    private static void Check(SimulationRequest request, TrajectoryProgram program, long total, long first, long count)
    {
        if (total < 1)
        {
            throw new ArgumentException("a noisy state-vector run needs a number of trajectories (at least 1); or use the density-matrix method", nameof(request));
        }
        if (first < 0 || count < 1 || first + count > total)
        {
            throw new ArgumentException($"trajectories {first} to {first + count - 1} are outside the run's 0 to {total - 1}", nameof(request));
        }
        if (request.AmplitudeIndices.Count > 0 || request.KeepFinalState)
        {
            throw new InvalidOperationException("a noisy run has a different state in every trajectory, so no single final state or amplitudes: ask for shots or expectation values, or use the density-matrix method");
        }
        if (request.Checkpointing?.ResumeFrom is not null)
        {
            throw new InvalidOperationException("noisy trajectory runs do not resume from a state checkpoint");
        }
        if (program.IsDynamic)
        {
            if (request.Observables.Count > 0)
            {
                throw new InvalidOperationException("this circuit measures mid-circuit or branches, so it has no final state to take expectation values of; ask for shots");
            }
            if (request.Shots != 0 && request.Shots != total)
            {
                throw new InvalidOperationException($"this circuit measures mid-circuit or branches, so each trajectory is one shot: ask for as many shots as trajectories ({total}), not {request.Shots}");
            }
        }
    }

    /// <summary>Runs the program up to its terminal part, leaving the pending gates applied.</summary>
    private void Execute(StateVector<T> state, TrajectoryProgram program, IReadOnlyList<ReadoutError?> readout, ClassicalMemory memory, DeterministicRandom random)
    {
        var frame = ProgramFrame.Normalize(new ProgramFrame(program.Operations, 0, null));
        while (frame is not null && !(frame.Parent is null && frame.Index >= program.TerminalStart && !program.IsDynamic))
        {
            if (ClassicalControl.TryStep(frame, memory, out var next))
            {
                frame = ProgramFrame.Normalize(next);
                continue;
            }
            switch (frame.Current)
            {
                case GateOperation gate:
                    _pending.Add(gate);
                    break;
                case RuntimeGateOperation gate:
                    _pending.AddRange(gate.Instantiate(memory));
                    break;
                case ChannelOperation channel:
                    ApplyChannel(state, channel, random);
                    break;
                case ResetOperation reset:
                    Branch(state, QuantumError.ResetOperators, [reset.Qubit], random);
                    break;
                case MeasureOperation measure:
                    var outcome = Branch(state, Projectors, [measure.Qubit], random) == 1;
                    memory.Clbits[measure.Clbit] = Misread(outcome, readout[measure.Qubit], random);
                    break;
                case MeasureIntoVariableOperation measure:
                    var read = Branch(state, Projectors, [measure.Qubit], random) == 1;
                    measure.Store(memory, Misread(read, readout[measure.Qubit], random));
                    break;
                default:
                    throw new NotSupportedException($"operation {frame.Current} cannot be simulated");
            }
            frame = ProgramFrame.Normalize(frame.Advance());
        }
        Flush(state);
    }

    private void ApplyTerminalChannels(StateVector<T> state, TrajectoryProgram program, DeterministicRandom random)
    {
        for (var i = program.TerminalStart; i < program.Operations.Count; i++)
        {
            if (program.Operations[i] is ChannelOperation channel)
            {
                ApplyChannel(state, channel, random);
            }
        }
        Flush(state);
    }

    private void ApplyChannel(StateVector<T> state, ChannelOperation channel, DeterministicRandom random)
    {
        var term = Draw(channel.Error.Terms, random);
        foreach (var step in term.Steps)
        {
            var qubits = step.Qubits.Select(q => channel.ChannelQubits[q]).ToArray();
            switch (step)
            {
                case UnitaryStep unitary:
                    _pending.Add(new GateOperation("noise", unitary.Matrix, qubits));
                    break;
                case KrausStep kraus:
                    Branch(state, kraus.Channel.Operators, qubits, random);
                    break;
                case ResetStep:
                    Branch(state, QuantumError.ResetOperators, qubits, random);
                    break;
                default:
                    throw new NotSupportedException(step.GetType().Name);
            }
        }
    }

    /// <summary>One term by its probability; single-term errors draw nothing.</summary>
    private static ErrorTerm Draw(IReadOnlyList<ErrorTerm> terms, DeterministicRandom random)
    {
        if (terms.Count == 1)
        {
            return terms[0];
        }
        var u = random.NextDouble() * terms.Sum(t => t.Probability);
        foreach (var term in terms)
        {
            u -= term.Probability;
            if (u < 0)
            {
                return term;
            }
        }
        return terms[^1];
    }

    /// <summary>
    /// Picks Kᵢ with probability ‖Kᵢψ‖² = Tr(Kᵢ ρ_Q Kᵢ†) and queues Kᵢ/√pᵢ (which leaves the state normalised).
    /// </summary>
    private int Branch(StateVector<T> state, IReadOnlyList<GateMatrix> operators, int[] qubits, DeterministicRandom random)
    {
        Flush(state);
        var rho = ReducedDensityMatrix.Compute(state, qubits, threads);
        var weights = operators.Select(k => BranchWeight(k, rho)).ToArray();
        var u = random.NextDouble() * weights.Sum();
        var chosen = weights.Length - 1;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0 && weights[i] > 0)
            {
                chosen = i;
                break;
            }
        }
        while (weights[chosen] <= 0)
        {
            chosen--; // round-off past the end: the last branch that can happen
        }
        _pending.Add(new GateOperation("kraus", operators[chosen].Scale(1 / Math.Sqrt(weights[chosen])), qubits));
        return chosen;
    }

    /// <summary>Tr(K ρ K†).</summary>
    private static double BranchWeight(GateMatrix k, Complex[] rho)
    {
        var dim = k.Dimension;
        var trace = 0.0;
        for (var a = 0; a < dim; a++)
        {
            for (var r = 0; r < dim; r++)
            {
                var kar = k[a, r];
                if (kar == Complex.Zero)
                {
                    continue;
                }
                for (var s = 0; s < dim; s++)
                {
                    trace += (kar * rho[(r * dim) + s] * Complex.Conjugate(k[a, s])).Real;
                }
            }
        }
        return Math.Max(0, trace);
    }

    private void Flush(StateVector<T> state)
    {
        if (_pending.Count > 0)
        {
            engine.Apply(state, _pending, null, 0, cancellationToken);
            _pending.Clear();
        }
    }

    private void SampleTerminal(StateVector<T> state, IReadOnlyList<MeasureOperation> measurements, IReadOnlyList<ReadoutError?> readout, bool[] clbits, long shots, DeterministicRandom random, Dictionary<ClbitValue, long> counts)
    {
        if (shots == 0)
        {
            return;
        }
        var hasReadoutError = measurements.Any(m => readout[m.Qubit] is not null);
        foreach (var (index, n) in ShotSampler.Sample(state, shots, random, threads))
        {
            // Without readout errors all shots of one basis state read the same; with them, each is misread on its own.
            for (long s = 0; s < (hasReadoutError ? n : 1); s++)
            {
                foreach (var m in measurements)
                {
                    clbits[m.Clbit] = Misread(((index >> m.Qubit) & 1) != 0, readout[m.Qubit], random);
                }
                Add(counts, ClbitValue.FromBits(clbits), hasReadoutError ? 1 : n);
            }
        }
    }

    private static bool Misread(bool measured, ReadoutError? error, DeterministicRandom random) =>
        error is null ? measured : random.NextDouble() < error.ProbabilityOfReadingOne(measured);

    private static void Add(Dictionary<ClbitValue, long> counts, ClbitValue key, long n) =>
        counts[key] = counts.GetValueOrDefault(key) + n;

    /// <summary>|0⟩⟨0| and |1⟩⟨1|: a measurement as a channel whose branch is the outcome.</summary>
    private static readonly GateMatrix[] Projectors = [GateMatrix.OneQubit(1, 0, 0, 0), GateMatrix.OneQubit(0, 0, 0, 1)];
}
