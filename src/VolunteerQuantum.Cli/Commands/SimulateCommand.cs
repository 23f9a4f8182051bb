using System.CommandLine;
using System.Diagnostics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Cli.Parsing;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Io;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>`vq simulate FILE`: run a circuit on this machine's engine.</summary>
internal static class SimulateCommand
{
    public const int TopProbabilities = 16;

    public static Command Build()
    {
        var outputs = new OutputOptions();
        var noise = new NoiseOptions();
        var threads = new Option<int>("--threads", "-t") { Description = "Threads (default: all cores)" };
        var fuse = new Option<int?>("--fuse") { Description = "Largest fused gate block in qubits (0: no fusion; default: tuned per precision)" };
        var sweeps = new Option<string[]>("--sweep") { Description = "Sweep an `input float` parameter: name=v1,v2,… or name=start:stop:count (repeatable: every combination)" };
        var maxOperations = new Option<int?>("--max-operations")
        {
            Description = $"Most operations the circuit may expand to after user gates, loops and pow are unrolled (default {new QasmParseOptions().MaxOperations:N0}: a guard against definitions that grow exponentially)",
        };
        var maxLoopIterations = new Option<int?>("--max-loop-iterations")
        {
            Description = $"Most iterations of one OpenQASM 3 loop, per shot for a while loop on measured values (default {new QasmParseOptions().MaxLoopIterations:N0}); past it the run stops naming the loop",
        };
        var command = new Command("simulate", "Simulate a circuit on this machine");
        outputs.AddTo(command);
        noise.AddTo(command);
        command.Options.Add(threads);
        command.Options.Add(fuse);
        command.Options.Add(maxOperations);
        command.Options.Add(maxLoopIterations);
        command.Options.Add(sweeps);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(() =>
        {
            var request = new LocalRequest
            {
                File = parse.GetRequiredValue(outputs.File),
                Shots = parse.GetValue(outputs.Shots),
                Seed = parse.GetValue(outputs.Seed) ?? (ulong)Random.Shared.NextInt64(),
                SinglePrecision = parse.GetValue(outputs.Precision) == "single",
                StateOut = parse.GetValue(outputs.StateOut),
                Amplitudes = OutputOptions.SplitList(parse.GetValue(outputs.Amplitudes)),
                Observables = parse.GetValue(outputs.Observables) ?? [],
                Parameters = ParameterParsing.Parameters(parse.GetValue(outputs.Parameters) ?? []),
                Sweeps = ParameterParsing.Sweeps(parse.GetValue(sweeps) ?? []),
                Threads = parse.GetValue(threads),
                Fuse = parse.GetValue(fuse),
                MaxOperations = parse.GetValue(maxOperations),
                MaxLoopIterations = parse.GetValue(maxLoopIterations),
                NoiseFile = parse.GetValue(noise.Noise),
                Trajectories = parse.GetValue(noise.Trajectories),
                DensityMatrix = parse.GetValue(noise.Method) == NoiseOptions.DensityMatrix,
            };
            var document = Run(request, Console.Error, cancellationToken);
            if (parse.GetValue(outputs.Json))
            {
                Console.Out.WriteLine(ResultJson.ToJson(document));
            }
            else
            {
                ResultPrinter.Print(Console.Out, document);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>What `vq simulate` was asked for, validated.</summary>
    internal sealed record LocalRequest
    {
        public required FileInfo File { get; init; }
        public long Shots { get; init; }
        public ulong Seed { get; init; }
        public bool SinglePrecision { get; init; }
        public FileInfo? StateOut { get; init; }
        public IReadOnlyList<string> Amplitudes { get; init; } = [];
        public IReadOnlyList<string> Observables { get; init; } = [];
        public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

        /// <summary>Swept parameters: one simulation per combination of their values.</summary>
        public IReadOnlyList<ParameterSweep> Sweeps { get; init; } = [];
        public int Threads { get; init; }
        public int? Fuse { get; init; }

        /// <summary>The parser's expansion limit; null keeps its default.</summary>
        public int? MaxOperations { get; init; }

        public int? MaxLoopIterations { get; init; }

        public FileInfo? NoiseFile { get; init; }

        /// <summary>Trajectories of a noisy state-vector run; null: one per shot (1000 for expectation values alone).</summary>
        public long? Trajectories { get; init; }

        public bool DensityMatrix { get; init; }
    }

    /// <summary>Trajectories when nothing else is said and no shots are sampled (expectation values alone).</summary>
    public const long DefaultTrajectories = 1000;

    /// <summary>Most points `vq simulate --sweep` runs, as for a project on the grid.</summary>
    public const int MaxPoints = VolunteerQuantum.Grid.Planning.ProjectPlanner.MaxPoints;

    internal static ResultDocument Run(LocalRequest request, TextWriter progressOut, CancellationToken cancellationToken)
    {
        if (request.Sweeps.Count == 0)
        {
            return RunPoint(request, progressOut, cancellationToken);
        }
        if (request.StateOut is not null)
        {
            throw new UsageException("--state-out writes one state, and --sweep makes several: ask for --amplitudes or --observable at each point instead");
        }
        if (ParameterPoints.Count(request.Sweeps) is var count && count > MaxPoints)
        {
            throw new UsageException($"the sweeps make {count:G6} parameter points; at most {MaxPoints} are allowed");
        }
        foreach (var name in request.Sweeps.Select(s => s.Name).Where(request.Parameters.ContainsKey))
        {
            throw new UsageException($"parameter '{name}' is both given (--param) and swept (--sweep)");
        }
        // Point p samples with the seed a grid sweep with one unit per point gives its unit p.
        var documents = ParameterPoints.Of(request.Parameters, request.Sweeps)
            .Select((point, p) => RunPoint(request with { Parameters = point, Seed = p == 0 ? request.Seed : SplitMix64.Derive(request.Seed, (ulong)p) }, progressOut, cancellationToken))
            .ToList();
        return documents[0] with
        {
            Seed = request.Seed,
            Swept = true,
            Points = documents.SelectMany(d => d.Points).ToArray(),
            Timings = documents.SelectMany(d => d.Timings).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value)),
            Warnings = documents.SelectMany(d => d.Warnings).Distinct().ToArray(),
        };
    }

    private static ResultDocument RunPoint(LocalRequest request, TextWriter progressOut, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var circuit = QasmParser.Parse(Parsing.CircuitFile.ReadText(request.File), ParseOptions(request));
        var parseSeconds = total.Elapsed.TotalSeconds;
        var structure = CircuitStructure.Analyze(circuit);
        var noise = NoiseOptions.Load(request.NoiseFile);
        noise.Validate(circuit.QubitCount);
        var mixed = request.DensityMatrix || !noise.IsEmpty;
        if (mixed && (request.StateOut is not null || request.Amplitudes.Count > 0))
        {
            throw new UsageException("--state-out and --amplitudes describe a pure state, which a noisy or density-matrix run does not have; ask for --shots or --observable, or for exact probabilities with --method density-matrix");
        }
        var wantsFinal = request.StateOut is not null || request.Amplitudes.Count > 0 || request.Observables.Count > 0;
        if (structure.IsDynamic && wantsFinal)
        {
            throw new UsageException("--state-out, --amplitudes and --observable need a circuit whose measurements are all terminal; this circuit measures, resets or branches mid-circuit");
        }
        var indices = request.Amplitudes.Select(bits => ParseBitstring(bits, circuit.QubitCount)).ToArray();
        var observables = request.Observables.Select(text => ParseObservable(text, circuit.QubitCount)).ToArray();
        var measures = structure.IsDynamic || structure.TerminalMeasurements.Count > 0;
        if (request.Shots > 0 && !measures)
        {
            throw new UsageException($"--shots: {VolunteerQuantum.Grid.Planning.ProjectPlanner.NothingMeasured} (or leave --shots out to see the most likely outcomes)");
        }
        // The density matrix gives exact probabilities: it samples counts only when shots are asked for.
        var shots = request.Shots > 0 ? request.Shots : (!wantsFinal && measures && !request.DensityMatrix ? 1024 : 0);
        var showProbabilities = request.DensityMatrix ? request.Observables.Count == 0 : !wantsFinal && !measures && request.Shots == 0;
        var trajectories = Trajectories(request, noise, structure.IsDynamic, shots);
        var simulator = new Simulator(new SimulationOptions
        {
            Precision = request.SinglePrecision ? Precision.Single : Precision.Double,
            Threads = request.Threads > 0 ? request.Threads : Environment.ProcessorCount,
            MaxFusedQubits = request.Fuse,
            Method = request.DensityMatrix ? SimulationMethod.DensityMatrix : SimulationMethod.StateVector,
        });
        using var progress = new ProgressLine(progressOut, trajectories > 0 ? "trajectories" : "simulating");
        using var result = simulator.Run(circuit, new SimulationRequest
        {
            Shots = shots,
            Seed = request.Seed,
            AmplitudeIndices = indices,
            Observables = observables,
            KeepFinalState = request.StateOut is not null || (showProbabilities && !request.DensityMatrix),
            Noise = noise,
            Trajectories = trajectories,
        }, progress, cancellationToken);
        progress.Done();
        string? statePath = null;
        if (request.StateOut is not null && result.FinalState is { } state)
        {
            NpyWriter.Write(state, request.StateOut.FullName);
            statePath = request.StateOut.FullName;
        }
        var point = new ResultPoint
        {
            Parameters = request.Parameters,
            Shots = shots,
            Counts = shots > 0 ? result.Counts?.ToQiskitKeys(circuit) : null,
            Amplitudes = request.Amplitudes.Count > 0 ? request.Amplitudes.Select((b, i) => (b, result.Amplitudes[i])).ToDictionary(p => p.b, p => p.Item2) : null,
            Expectations = observables.Length > 0 ? request.Observables.Select((o, i) => (o, result.ExpectationValues[i])).ToDictionary(p => p.o, p => p.Item2) : null,
            ExpectationErrors = observables.Length > 0 && trajectories > 0
                ? request.Observables.Select((o, i) => (o, result.ExpectationStandardErrors[i])).ToDictionary(p => p.o, p => p.Item2)
                : null,
            Trajectories = trajectories > 0 ? result.Trajectories : null,
            Probabilities = !showProbabilities ? null
                : request.DensityMatrix ? ExactProbabilities(circuit, result)
                : result.FinalState is { } s ? ProbabilityTable.Top(s, TopProbabilities).ToDictionary(p => p.Bits, p => p.Probability)
                : null,
            State = statePath,
        };
        return new ResultDocument
        {
            Circuit = new CircuitSummary(request.File.Name, circuit.QubitCount, circuit.ClbitCount, circuit.GateCount),
            Precision = request.SinglePrecision ? "single" : "double",
            Seed = request.Seed,
            Points = [point],
            Timings = new Dictionary<string, double>
            {
                ["parse"] = parseSeconds,
                ["simulate"] = result.Elapsed.TotalSeconds,
                ["allocate"] = result.Timings.Allocation.TotalSeconds,
                ["fuse"] = result.Timings.Fusion.TotalSeconds,
                ["apply"] = result.Timings.Application.TotalSeconds,
                ["read out"] = result.Timings.Readout.TotalSeconds,
                ["total"] = total.Elapsed.TotalSeconds,
            },
            Warnings = circuit.Warnings,
            Run = new Dictionary<string, string>
            {
                ["threads"] = simulator.Options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["kernel passes"] = result.FusedGateCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["branches"] = result.Branches.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["method"] = request.DensityMatrix ? NoiseOptions.DensityMatrix : trajectories > 0 ? "trajectories" : NoiseOptions.StateVector,
                ["noise"] = request.NoiseFile?.Name ?? "none",
            },
        };
    }

    /// <summary>Trajectories to run: none without noise (or with the exact density matrix), else as asked or one per shot.</summary>
    private static long Trajectories(LocalRequest request, Circuits.Noise.NoiseModel noise, bool dynamic, long shots)
    {
        if (request.Trajectories is not null && (request.DensityMatrix || noise.IsEmpty))
        {
            throw new UsageException(request.DensityMatrix
                ? "--trajectories: the density-matrix method is exact and runs no trajectories"
                : "--trajectories needs --noise: a noiseless run is a single trajectory");
        }
        if (request.DensityMatrix || noise.IsEmpty)
        {
            return 0;
        }
        if (dynamic && request.Trajectories is { } asked && asked != shots)
        {
            throw new UsageException($"this circuit measures mid-circuit or branches, so each trajectory is one shot: give as many --trajectories as --shots ({shots}), or leave --trajectories out");
        }
        return request.Trajectories ?? (shots > 0 ? shots : DefaultTrajectories);
    }

    /// <summary>
    /// The density matrix's exact probabilities, most likely first: of the measured outcomes (counts keys,
    /// readout errors included) when the circuit measures, else of the basis states (qubit 0 rightmost).
    /// </summary>
    private static Dictionary<string, double> ExactProbabilities(Circuit circuit, SimulationResult result)
    {
        if (result.OutcomeProbabilities is { } outcomes)
        {
            return outcomes.OrderByDescending(o => o.Value)
                .ToDictionary(o => ClassicalBits.CountsKey(circuit, o.Key.ToBits(circuit.ClbitCount)), o => o.Value);
        }
        var basis = result.BasisProbabilities ?? [];
        return Enumerable.Range(0, basis.Count).OrderByDescending(i => basis[i]).Take(MaxExactRows)
            .ToDictionary(i => Convert.ToString(i, 2).PadLeft(circuit.QubitCount, '0'), i => basis[i]);
    }

    /// <summary>Most basis-state probabilities listed from a density matrix without measurements.</summary>
    public const int MaxExactRows = 4096;

    private static QasmParseOptions ParseOptions(LocalRequest request)
    {
        if (request.MaxOperations is <= 0)
        {
            throw new UsageException($"--max-operations must be positive, got {request.MaxOperations}");
        }
        if (request.MaxLoopIterations is <= 0)
        {
            throw new UsageException($"--max-loop-iterations must be positive, got {request.MaxLoopIterations}");
        }
        var options = new QasmParseOptions { Parameters = request.Parameters, FileName = request.File.FullName };
        options = request.MaxOperations is { } max ? options with { MaxOperations = max } : options;
        return request.MaxLoopIterations is { } loops ? options with { MaxLoopIterations = loops } : options;
    }

    internal static long ParseBitstring(string bits, int qubits) =>
        bits.Length == qubits && bits.All(c => c is '0' or '1') && qubits <= 62
            ? Convert.ToInt64(bits, 2)
            : throw new UsageException($"amplitude '{bits}' is not a bitstring of {qubits} characters 0 or 1 (qubit 0 rightmost)");

    internal static PauliSum ParseObservable(string text, int qubits)
    {
        PauliSum sum;
        try
        {
            sum = PauliSum.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
        return sum.Width <= qubits
            ? sum
            : throw new UsageException($"observable '{text}' acts on qubit {sum.Width - 1}, but the circuit has {qubits} qubits");
    }
}
