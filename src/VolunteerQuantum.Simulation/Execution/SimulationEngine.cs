using System.Diagnostics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Dynamic;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.Noise;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.Results;
using VolunteerQuantum.Simulation.Sampling;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Execution;

/// <summary>The pipeline for one precision: fuse → prepare → apply → sample / branch / measure observables.</summary>
internal sealed class SimulationEngine<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly SimulationOptions _options;
    private readonly GateBackend<T> _backend;
    private readonly GateFuser _fuser;

    public SimulationEngine(SimulationOptions options)
    {
        _options = options;
        _backend = GateBackends.Create<T>(options.KernelWidth);
        _fuser = new GateFuser(options.FusionOptions);
    }

    public SimulationResult Run(Circuit circuit, SimulationRequest request, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var structure = CircuitStructure.Analyze(circuit);
        var threads = _options.EffectiveThreads;
        foreach (var index in request.AmplitudeIndices)
        {
            if (index < 0 || index >= 1L << circuit.QubitCount)
            {
                throw new ArgumentOutOfRangeException(nameof(request), $"amplitude index {index} is outside [0, 2^{circuit.QubitCount})");
            }
        }
        foreach (var observable in request.Observables)
        {
            if (observable.Width > circuit.QubitCount)
            {
                throw new ArgumentException($"observable '{observable.Text}' uses qubit {observable.Width - 1} but the circuit has {circuit.QubitCount} qubits", nameof(request));
            }
        }
        var budget = Budget();
        if (_options.Method == SimulationMethod.DensityMatrix || request.Noise is { IsEmpty: false })
        {
            return RunNoisy(circuit, request, budget, progress, cancellationToken);
        }
        if (structure.IsDynamic && (request.AmplitudeIndices.Count > 0 || request.Observables.Count > 0 || request.KeepFinalState))
        {
            throw new InvalidOperationException(
                "this circuit is dynamic (mid-circuit measurement, reset after use, or if): it ends in a different state per shot, so it has no single final state, amplitudes or expectation values; ask for shots");
        }
        var fusionStart = watch.Elapsed;
        var prefix = structure.IsDynamic ? circuit.Operations.Take(structure.DynamicStart) : circuit.Operations;
        var fused = _fuser.Fuse(prefix.OfType<GateOperation>().ToList(), circuit.QubitCount);
        var steps = Schedule(fused, circuit.QubitCount);
        var fusion = watch.Elapsed - fusionStart;
        var allocationStart = watch.Elapsed;
        var state = new StateVector<T>(circuit.QubitCount, 0, 0, budget, threads);
        var allocation = watch.Elapsed - allocationStart;
        var keep = false;
        try
        {
            var resumeAfter = LoadResumeState(state, fused.Count, request.Checkpointing?.ResumeFrom, progress);
            var applicationStart = watch.Elapsed;
            ApplyAll(state, steps, fused.Count, threads, progress, resumeAfter, cancellationToken, request.Checkpointing);
            var application = watch.Elapsed - applicationStart;
            var readoutStart = watch.Elapsed;
            SimulationTimings Timings() => new(allocation, fusion, application, watch.Elapsed - readoutStart);
            var random = new DeterministicRandom(request.Seed);
            if (structure.IsDynamic && request.Shots > 0)
            {
                var executor = new BranchingExecutor<T>(_backend, _fuser, threads, random, cancellationToken);
                keep = true; // the executor owns and disposes the state from here
                var counts = executor.Run(state, circuit, structure.DynamicStart, request.Shots);
                return new SimulationResult
                {
                    Counts = new MeasurementCounts(circuit.ClbitCount, counts),
                    IsDynamic = true,
                    GateCount = circuit.GateCount,
                    FusedGateCount = fused.Count,
                    Branches = executor.Branches,
                    Elapsed = watch.Elapsed,
                    Timings = Timings(),
                };
            }
            if (structure.IsDynamic)
            {
                // No shots asked of a dynamic circuit: nothing past the unitary prefix is defined.
                return new SimulationResult { IsDynamic = true, GateCount = circuit.GateCount, FusedGateCount = fused.Count, Elapsed = watch.Elapsed, Timings = Timings() };
            }
            var expectations = request.Observables.Select(o => ExpectationCalculator.Expectation(state, o, threads)).ToArray();
            var result = new SimulationResult
            {
                Counts = request.Shots > 0 ? SampleTerminal(state, structure.TerminalMeasurements, circuit.ClbitCount, request.Shots, random, threads) : null,
                Amplitudes = request.AmplitudeIndices.Select(state.GetAmplitude).ToArray(),
                ExpectationValues = expectations,
                ExpectationMoments = expectations.Select(ObservableMoments.Exact).ToArray(),
                FinalState = request.KeepFinalState ? state : null,
                GateCount = circuit.GateCount,
                FusedGateCount = fused.Count,
                Elapsed = watch.Elapsed,
                Timings = Timings(),
            };
            keep = request.KeepFinalState;
            return result;
        }
        finally
        {
            if (!keep)
            {
                state.Dispose();
            }
        }
    }

    // No explicit cap: share the process-wide budget, so concurrent runs in one process cannot add up past it.
    private MemoryBudget Budget() => _options.MaxMemoryBytes is { } cap ? new MemoryBudget(cap) : MemoryBudget.Shared;

    /// <summary>Trajectories (state vector) or the exact density matrix, on the circuit with its noise made explicit.</summary>
    private SimulationResult RunNoisy(Circuit circuit, SimulationRequest request, MemoryBudget budget, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var noisy = (request.Noise ?? NoiseModel.None).Apply(circuit);
        var noiseInsertion = watch.Elapsed;
        SimulationTimings Timings() => new(TimeSpan.Zero, noiseInsertion, watch.Elapsed - noiseInsertion, TimeSpan.Zero);
        var threads = _options.EffectiveThreads;
        return _options.Method == SimulationMethod.DensityMatrix
            ? new DensityMatrixRunner<T>(this, threads, cancellationToken).Run(noisy, request, budget, progress, Timings)
            : new TrajectoryExecutor<T>(this, threads, cancellationToken).Run(noisy, request, budget, progress, Timings);
    }

    /// <summary>Fuses and applies gates to an existing state (a whole state, or a shard after reduction).</summary>
    public int Apply(StateVector<T> state, IReadOnlyList<GateOperation> gates, IProgress<SimulationProgress>? progress, int resumeAfter, CancellationToken cancellationToken)
    {
        var fused = _fuser.Fuse(gates, state.LocalQubits);
        ApplyAll(state, Schedule(fused, state.LocalQubits), fused.Count, _options.EffectiveThreads, progress, resumeAfter, cancellationToken);
        return fused.Count;
    }

    /// <summary>Fills the state from a checkpoint and returns the fused operations to skip (0 without one).</summary>
    private static int LoadResumeState(StateVector<T> state, int fusedTotal, SimulationResume? resume, IProgress<SimulationProgress>? progress)
    {
        if (resume is null)
        {
            return 0;
        }
        if (resume.FusedOperationsTotal != fusedTotal || resume.FusedOperationsDone < 0 || resume.FusedOperationsDone > fusedTotal)
        {
            throw new InvalidOperationException(
                $"the checkpoint ({resume.FusedOperationsDone} of {resume.FusedOperationsTotal} fused operations) was not made by this circuit with these settings ({fusedTotal} fused operations)");
        }
        resume.Load(state);
        progress?.Report(new SimulationProgress(resume.FusedOperationsDone, fusedTotal));
        return resume.FusedOperationsDone;
    }

    /// <summary>Orders fused gates into sweeps: runs of chunk-local gates share one memory pass.</summary>
    private IReadOnlyList<FusedStep> Schedule(IReadOnlyList<FusedGate> fused, int qubits)
    {
        var chunkQubits = _options.EffectiveChunkQubits;
        return chunkQubits > 0 ? GateSchedule.Build(fused, qubits, chunkQubits) : fused.Select(g => new FusedStep([g], false)).ToList();
    }

    /// <param name="resumeAfter">
    /// Fused operations already applied (a checkpoint's <see cref="SimulationProgress.FusedOperationsDone"/>):
    /// fusion and scheduling are deterministic, so the same gates give the same steps, and those steps are skipped.
    /// </param>
    /// <param name="checkpointing">
    /// Offers the state between steps (a step's gates all change the state in one sweep, so only step
    /// boundaries are consistent, and they are exactly the values <paramref name="resumeAfter"/> accepts).
    /// </param>
    private void ApplyAll(StateVector<T> state, IReadOnlyList<FusedStep> steps, int fusedTotal, int threads, IProgress<SimulationProgress>? progress, int resumeAfter, CancellationToken cancellationToken, SimulationCheckpointing? checkpointing = null)
    {
        var n = state.LocalQubits;
        var chunkQubits = _options.EffectiveChunkQubits;
        var done = 0;
        var save = checkpointing?.Save;
        var sinceSave = Stopwatch.StartNew();
        var lastSaved = resumeAfter;
        foreach (var step in steps)
        {
            if (done + step.Gates.Count <= resumeAfter)
            {
                done += step.Gates.Count;
                continue;
            }
            if (done < resumeAfter)
            {
                throw new ArgumentOutOfRangeException(nameof(resumeAfter), resumeAfter, "a checkpoint must be a progress value this simulation reported");
            }
            if (cancellationToken.IsCancellationRequested && save is not null && checkpointing!.SaveOnCancellation && done > lastSaved)
            {
                save(new SimulationCheckpoint(state, done, fusedTotal, CheckpointReason.Cancellation));
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (step.Chunked)
            {
                var bits = Math.Min(chunkQubits, n);
                var plans = step.Gates.Select(g => _backend.Prepare(g, bits)).ToArray();
                ChunkedSweep.Apply(state, plans, bits, threads);
            }
            else
            {
                _backend.Prepare(step.Gates[0], n).Apply(state, threads);
            }
            done += step.Gates.Count;
            progress?.Report(new SimulationProgress(done, fusedTotal));
            if (save is not null && done < fusedTotal && sinceSave.Elapsed >= checkpointing!.Interval)
            {
                save(new SimulationCheckpoint(state, done, fusedTotal, CheckpointReason.Interval));
                lastSaved = done;
                // Measured from the end of the save, so a slow disk never makes saving back-to-back.
                sinceSave.Restart();
            }
        }
    }

    private static MeasurementCounts SampleTerminal(StateVector<T> state, IReadOnlyList<MeasureOperation> measurements, int clbitCount, long shots, DeterministicRandom random, int threads)
    {
        var counts = new Dictionary<ClbitValue, long>();
        var bits = new bool[clbitCount];
        foreach (var (index, count) in ShotSampler.Sample(state, shots, random, threads))
        {
            Array.Clear(bits);
            foreach (var m in measurements)
            {
                bits[m.Clbit] = ((index >> m.Qubit) & 1) != 0;
            }
            var key = ClbitValue.FromBits(bits);
            counts[key] = counts.GetValueOrDefault(key) + count;
        }
        return new MeasurementCounts(clbitCount, counts);
    }
}
