using System.Diagnostics;
using System.Numerics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Grid.Noise;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Grid.Execution;

/// <summary>
/// Computes one <c>whole</c> unit on a volunteer: parse the circuit with the unit's parameter
/// values, simulate, sample the unit's shots with the unit's seed, and evaluate the requested
/// outputs on the final state, plus the sketches and norm² the verifier compares replicas by.
/// </summary>
public static class UnitExecutor
{
    /// <param name="checkpointing">Periodic checkpoints of the simulation and/or a saved state to resume from (volunteers; null: neither).</param>
    public static UnitOutcome Execute(UnitTaskSpec task, ExecutionLimits limits, IProgress<double>? progress, CancellationToken cancellationToken, UnitTamper? tamper = null, SimulationCheckpointing? checkpointing = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(limits);
        var clock = Stopwatch.StartNew();
        var circuit = QasmParser.Parse(task.Source, new QasmParseOptions
        {
            FileName = task.FileName,
            Parameters = task.Parameters,
            FileReader = path => throw new InvalidOperationException($"include \"{Path.GetFileName(path)}\" is not available to volunteers"),
        });
        var whole = task.Whole;
        if (whole.IsNoisy)
        {
            return ExecuteTrajectories(task, circuit, limits, progress, tamper, clock, cancellationToken);
        }
        var observables = whole.Observables.Select(PauliSum.Parse).ToArray();
        var amplitudeIndices = whole.Amplitudes.Select(ParseBitstring).ToArray();
        var needsState = task.SketchSeeds.Count > 0 || task.UploadState || tamper?.State is not null;
        var simulator = new Simulator(new SimulationOptions
        {
            Precision = task.SinglePrecision ? Precision.Single : Precision.Double,
            Threads = limits.Threads > 0 ? limits.Threads : Environment.ProcessorCount,
            MaxMemoryBytes = limits.MaxMemoryBytes > 0 ? limits.MaxMemoryBytes : null,
        });
        var engineProgress = progress is null ? null : new Progress<SimulationProgress>(p => progress.Report(p.Fraction));
        // With tampering the outputs must come from the altered state, so they are computed here.
        var computeHere = tamper?.State is not null;
        var run = simulator.Run(circuit, new SimulationRequest
        {
            Shots = whole.Shots,
            Seed = whole.Seed,
            AmplitudeIndices = computeHere ? [] : amplitudeIndices,
            Observables = computeHere ? [] : observables,
            KeepFinalState = needsState || computeHere,
            Checkpointing = checkpointing,
        }, engineProgress, cancellationToken);

        try
        {
            var outcome = Outputs(task, circuit, simulator, run, amplitudeIndices, observables, computeHere, tamper, clock);
            // The uploading replica keeps the state (the outcome disposes it); everyone else frees it now.
            if (!task.UploadState)
            {
                run.Dispose();
            }
            return outcome;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    private static UnitOutcome Outputs(UnitTaskSpec task, Circuit circuit, Simulator simulator, SimulationResult run, long[] amplitudeIndices, PauliSum[] observables, bool computeHere, UnitTamper? tamper, Stopwatch clock)
    {
        var whole = task.Whole;
        var state = run.FinalState;
        if (state is not null)
        {
            tamper?.State?.Invoke(state);
        }
        var amplitudes = computeHere ? amplitudeIndices.Select(i => state!.GetAmplitude(i)).ToArray() : run.Amplitudes.ToArray();
        var expectations = computeHere ? observables.Select(o => simulator.Expectation(state!, o)).ToArray() : run.ExpectationValues.ToArray();
        var counts = run.Counts?.ToQiskitKeys(circuit) ?? new Dictionary<string, long>();
        if (tamper?.Counts is not null)
        {
            counts = tamper.Counts(counts);
        }
        Complex[] sketches = [];
        var norm = double.NaN;
        if (state is not null && task.SketchSeeds.Count > 0)
        {
            (sketches, norm) = StateSketcher.Sketch(StateChunks.Of(state, 1 << 20), task.SinglePrecision, task.SketchSeeds);
        }
        var result = new UnitResult
        {
            Counts = counts,
            Amplitudes = whole.Amplitudes.Select((bits, i) => (bits, amplitudes[i])).ToDictionary(p => p.bits, p => p.Item2, StringComparer.Ordinal),
            Expectations = whole.Observables.Select((text, i) => (text, expectations[i])).ToDictionary(p => p.text, p => p.Item2, StringComparer.Ordinal),
            Sketches = sketches,
            NormSquared = norm,
            GatesApplied = run.FusedGateCount,
            ComputeSeconds = clock.Elapsed.TotalSeconds,
        };
        return new UnitOutcome(result, task.UploadState ? state : null);
    }

    /// <summary>
    /// A noisy unit: its range of the project's trajectories, with the project's seed (trajectory t
    /// draws from (seed, t) alone). Returns the counts and, per observable, the moments of its
    /// per-trajectory values, which replicas must match bit for bit. No state, so no sketches and no
    /// checkpoints (a trajectory range restarts from zero after a suspension).
    /// </summary>
    private static UnitOutcome ExecuteTrajectories(UnitTaskSpec task, Circuit circuit, ExecutionLimits limits, IProgress<double>? progress, UnitTamper? tamper, Stopwatch clock, CancellationToken cancellationToken)
    {
        var whole = task.Whole;
        var noise = NoiseText.Parse(task.NoiseText ?? throw new InvalidOperationException("a noisy unit arrived without its noise model"), task.NoiseFileName);
        var simulator = new Simulator(new SimulationOptions
        {
            Precision = task.SinglePrecision ? Precision.Single : Precision.Double,
            Threads = limits.Threads > 0 ? limits.Threads : Environment.ProcessorCount,
            MaxMemoryBytes = limits.MaxMemoryBytes > 0 ? limits.MaxMemoryBytes : null,
        });
        var engineProgress = progress is null ? null : new Progress<SimulationProgress>(p => progress.Report(p.Fraction));
        using var run = simulator.Run(circuit, new SimulationRequest
        {
            // The engine takes the whole run's shots and gives each trajectory of the range its share.
            Shots = whole.RunShots,
            Seed = tamper?.Seed is { } reseed ? reseed(whole.Seed) : whole.Seed,
            Observables = whole.Observables.Select(PauliSum.Parse).ToArray(),
            Noise = noise,
            Trajectories = whole.Trajectories,
            FirstTrajectory = whole.FirstTrajectory,
            TrajectoryCount = whole.TrajectoryCount,
        }, engineProgress, cancellationToken);
        var counts = run.Counts?.ToQiskitKeys(circuit) ?? new Dictionary<string, long>();
        if (tamper?.Counts is not null)
        {
            counts = tamper.Counts(counts);
        }
        var result = new UnitResult
        {
            Counts = counts,
            Expectations = whole.Observables.Select((text, i) => (text, run.ExpectationValues[i])).ToDictionary(p => p.text, p => p.Item2, StringComparer.Ordinal),
            Moments = whole.Observables.Select((text, i) => (text, run.ExpectationMoments[i])).ToDictionary(p => p.text, p => p.Item2, StringComparer.Ordinal),
            GatesApplied = run.FusedGateCount,
            ComputeSeconds = clock.Elapsed.TotalSeconds,
        };
        return new UnitOutcome(result, null);
    }

    private static long ParseBitstring(string bits)
    {
        if (bits.Length is 0 or > 62 || bits.Any(c => c is not ('0' or '1')))
        {
            throw new FormatException($"amplitude '{bits}' is not a bitstring");
        }
        return Convert.ToInt64(bits, 2);
    }
}
