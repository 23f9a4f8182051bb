using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Grid.Noise;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Scheduling;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>
/// Validates a submission and cuts it into work units. Everything a user can get wrong is found
/// here, before anything is stored: a plan is only made for a project that can run.
/// </summary>
public static class ProjectPlanner
{
    public const int MaxPoints = 10_000;
    public const int MaxReplicasLimit = 20;
    public const long MaxShots = 1_000_000_000;

    public static ProjectPlan Plan(ProjectSpec spec, PlanningContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        CheckOptions(spec);
        var noise = ReadNoise(spec);
        var points = Points(spec, context.MaxUnits);
        var circuits = points.Select(p => Parse(spec, p, context)).ToList();
        var circuit = circuits[0];
        CheckDeclaredInputs(spec, circuit);
        var structure = CircuitStructure.Analyze(circuit);
        var wantsFinalState = spec.ReturnState || spec.Amplitudes.Count > 0 || spec.Observables.Count > 0;
        if (structure.IsDynamic && wantsFinalState)
        {
            throw new ProjectSpecException("the state, amplitudes and expectation values need a circuit whose measurements are all terminal; this circuit measures, resets or branches mid-circuit");
        }
        if (!wantsFinalState && !structure.IsDynamic && structure.TerminalMeasurements.Count == 0)
        {
            throw new ProjectSpecException(NothingMeasured);
        }
        if (noise is not null)
        {
            CheckNoisy(spec, noise, circuits, structure, wantsFinalState);
        }
        var input = new PlanInput
        {
            Spec = spec,
            Points = points,
            Circuits = circuits,
            Structure = structure,
            Amplitudes = CheckAmplitudes(spec.Amplitudes, circuit.QubitCount),
            ObservableWeights = ObservableWeights.Of(spec.Observables, circuit.QubitCount),
            Shots = spec.Shots > 0 || wantsFinalState ? spec.Shots
                // A dynamic noisy circuit takes one shot per trajectory.
                : noise is not null && structure.IsDynamic ? spec.Trajectories
                : ProjectSpec.DefaultShots,
            MemoryLimit = spec.MaxUnitMemoryBytes > 0 ? spec.MaxUnitMemoryBytes
                : context.LargestVolunteerMemory > 0 ? context.LargestVolunteerMemory
                : DefaultMemoryLimit,
            MaxUnits = context.MaxUnits,
            Noise = noise,
            HostSpeed = context.MedianHostSpeed > 0 ? context.MedianHostSpeed : new LeasePolicy().FallbackSpeed,
        };
        var plan = noise is not null ? WholePlanner.PlanTrajectories(input) : StrategyChooser.Choose(input) switch
        {
            SlicingStrategy.Shards => ShardsPlanner.Plan(input),
            SlicingStrategy.Paths => PathsPlanner.Plan(input),
            _ => WholePlanner.Plan(input),
        };
        if (context.MaxUnitMemoryBytes > 0 && plan.MemoryPerUnit > context.MaxUnitMemoryBytes)
        {
            throw new PlanLimitException($"the plan ({plan.Description}) needs {Bytes(plan.MemoryPerUnit)} per unit, more than the {Bytes(context.MaxUnitMemoryBytes)} any volunteer of this grid may lend (Coordinator:MaxUnitMemoryBytes): no host could ever run it; choose a smaller --max-unit-memory for shards, ask for fewer qubits, or ask the operator to raise the ceiling");
        }
        return plan;
    }

    /// <summary>Why shots of a circuit without measurements are refused (every shot would read the empty bitstring).</summary>
    public const string NothingMeasured = "the circuit measures nothing, so every shot would read the empty bitstring: add measure statements, or ask for amplitudes, expectation values or the state instead of counts";

    /// <summary>The unit memory assumed when no volunteer has registered yet and no limit was given.</summary>
    public const long DefaultMemoryLimit = 4L << 30;

    /// <summary>Bytes of a state of <paramref name="qubits"/> qubits.</summary>
    public static long StateBytes(int qubits, bool singlePrecision) =>
        qubits >= 58 ? long.MaxValue : (singlePrecision ? 8L : 16L) << qubits;

    public static string Bytes(long bytes) => bytes switch
    {
        long.MaxValue => "more than 2^62 bytes",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} B",
    };

    private static void CheckOptions(ProjectSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Source))
        {
            throw new ProjectSpecException("the circuit source is empty");
        }
        if (spec.Name.Length > 200)
        {
            throw new ProjectSpecException("the project name is longer than 200 characters");
        }
        if (spec.Shots is < 0 or > MaxShots)
        {
            throw new ProjectSpecException($"shots must be between 0 and {MaxShots}, got {spec.Shots}");
        }
        if (spec.ShotsPerUnit < 0)
        {
            throw new ProjectSpecException($"shots per unit must not be negative, got {spec.ShotsPerUnit}");
        }
        if (spec.MaxReplicas is < 1 or > MaxReplicasLimit)
        {
            throw new ProjectSpecException($"max replicas must be between 1 and {MaxReplicasLimit}, got {spec.MaxReplicas}");
        }
        if (spec.MinQuorum < 1 || spec.MinQuorum > spec.MaxReplicas)
        {
            throw new ProjectSpecException($"min quorum must be between 1 and max replicas ({spec.MaxReplicas}), got {spec.MinQuorum}");
        }
        if (spec.AdaptiveSpotCheckFraction is < 0 or > 1 || double.IsNaN(spec.AdaptiveSpotCheckFraction))
        {
            throw new ProjectSpecException($"the adaptive spot-check fraction must be between 0 and 1, got {spec.AdaptiveSpotCheckFraction}");
        }
        if (spec.AcceptPathFraction is < 0 or > 1 || double.IsNaN(spec.AcceptPathFraction))
        {
            throw new ProjectSpecException($"the accepted fraction of paths must be between 0 and 1, got {spec.AcceptPathFraction}");
        }
        if (spec.MaxUnitMemoryBytes < 0)
        {
            throw new ProjectSpecException("the maximum unit memory must not be negative");
        }
        foreach (var (name, value) in spec.Parameters)
        {
            if (!double.IsFinite(value))
            {
                throw new ProjectSpecException($"parameter '{name}' is not a finite number");
            }
        }
        var swept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sweep in spec.Sweeps)
        {
            if (!swept.Add(sweep.Name))
            {
                throw new ProjectSpecException($"parameter '{sweep.Name}' is swept twice");
            }
            if (spec.Parameters.ContainsKey(sweep.Name))
            {
                throw new ProjectSpecException($"parameter '{sweep.Name}' is both fixed and swept");
            }
            if (sweep.Values.Count == 0)
            {
                throw new ProjectSpecException($"the sweep of '{sweep.Name}' has no values");
            }
            if (sweep.Values.Any(v => !double.IsFinite(v)))
            {
                throw new ProjectSpecException($"the sweep of '{sweep.Name}' has a value that is not a finite number");
            }
        }
    }

    /// <summary>The submission's noise model (null for an ideal run), and the trajectory options checked against it.</summary>
    private static NoiseModel? ReadNoise(ProjectSpec spec)
    {
        if (!spec.IsNoisy)
        {
            if (spec.Trajectories != 0 || spec.TrajectoriesPerUnit != 0)
            {
                // Refused rather than ignored: an ideal run has no trajectories, and a user who
                // asked for them most likely forgot the noise model.
                throw new ProjectSpecException("trajectories need a noise model: pass the noise model too (--noise FILE), or drop --trajectories and --trajectories-per-unit for an ideal run");
            }
            return null;
        }
        if (spec.Trajectories <= 0)
        {
            throw new ProjectSpecException($"a noisy run needs a number of trajectories of at least 1 (--trajectories N), got {spec.Trajectories}");
        }
        if (spec.Trajectories > MaxShots)
        {
            throw new ProjectSpecException($"trajectories must be at most {MaxShots}, got {spec.Trajectories}");
        }
        if (spec.TrajectoriesPerUnit < 0 || spec.TrajectoriesPerUnit > spec.Trajectories)
        {
            throw new ProjectSpecException($"trajectories per unit must be between 0 (the planner chooses) and the {spec.Trajectories} trajectories, got {spec.TrajectoriesPerUnit}");
        }
        if (spec.Strategy is SlicingStrategy.Shards or SlicingStrategy.Paths)
        {
            throw new ProjectSpecException($"noisy runs use whole-circuit units (a range of trajectories each), not the {spec.Strategy.ToString().ToLowerInvariant()} strategy: use --strategy whole or auto");
        }
        if (spec.ReturnState || spec.Amplitudes.Count > 0)
        {
            throw new ProjectSpecException("a noisy run has a different state in every trajectory, so no final state or amplitudes: ask for shots or expectation values");
        }
        if (spec.ShotsPerUnit != 0)
        {
            throw new ProjectSpecException("a noisy run splits its trajectories, not its shots, over units: use --trajectories-per-unit instead of --shots-per-unit");
        }
        try
        {
            return NoiseText.Parse(spec.NoiseText!, spec.NoiseFileName);
        }
        catch (NoiseModelException e)
        {
            throw new ProjectSpecException(e.Message, e);
        }
    }

    private static void CheckNoisy(ProjectSpec spec, NoiseModel noise, IReadOnlyList<Circuit> circuits, CircuitStructure structure, bool wantsFinalState)
    {
        try
        {
            // Apply checks what Validate does (qubits the circuit has) and that each error fits its gates.
            foreach (var circuit in circuits)
            {
                noise.Apply(circuit);
            }
        }
        catch (NoiseModelException e)
        {
            throw new ProjectSpecException($"{spec.NoiseFileName}: {e.Message}", e);
        }
        if (structure.IsDynamic && !wantsFinalState && spec.Shots != 0 && spec.Shots != spec.Trajectories)
        {
            throw new ProjectSpecException($"this circuit measures mid-circuit or branches, so each trajectory is one shot: ask for as many shots as trajectories ({spec.Trajectories}), not {spec.Shots}");
        }
    }

    /// <summary>Every combination of the swept values, each with the fixed parameters.</summary>
    private static List<IReadOnlyDictionary<string, double>> Points(ProjectSpec spec, int maxUnits)
    {
        var count = ParameterPoints.Count(spec.Sweeps);
        if (count > MaxPoints)
        {
            throw new PlanLimitException($"the sweeps make {count:G6} parameter points; at most {MaxPoints} are allowed");
        }
        if (count > maxUnits)
        {
            throw new PlanLimitException($"the sweeps make {count:G6} parameter points, one unit each at least, more than the {maxUnits} units a project may have (Coordinator:MaxUnitsPerProject): split the sweep into several projects or ask the operator to raise the limit");
        }
        return ParameterPoints.Of(spec.Parameters, spec.Sweeps);
    }

    private static Circuit Parse(ProjectSpec spec, IReadOnlyDictionary<string, double> point, PlanningContext context)
    {
        try
        {
            return QasmParser.Parse(spec.Source, new QasmParseOptions
            {
                FileName = spec.FileName,
                Parameters = point,
                FileReader = context.IncludeReader ?? (path => throw new ProjectSpecException($"include \"{Path.GetFileName(path)}\" is not available on the coordinator: only qelib1.inc and stdgates.inc are built in; paste the file's gates into the circuit")),
            });
        }
        catch (QasmException e)
        {
            throw new ProjectSpecException(e.Message, e);
        }
    }

    private static void CheckDeclaredInputs(ProjectSpec spec, Circuit circuit)
    {
        var declared = circuit.InputParameters.ToHashSet(StringComparer.Ordinal);
        var unknown = spec.Sweeps.Select(s => s.Name).FirstOrDefault(n => !declared.Contains(n));
        if (unknown is not null)
        {
            throw new ProjectSpecException($"swept parameter '{unknown}' is not declared by the circuit (declare it with 'input float {unknown};')");
        }
    }

    private static string[] CheckAmplitudes(IReadOnlyList<string> amplitudes, int qubits)
    {
        foreach (var bits in amplitudes)
        {
            if (bits.Length != qubits || bits.Any(c => c is not ('0' or '1')))
            {
                throw new ProjectSpecException($"amplitude '{bits}' is not a bitstring of {qubits} characters 0 or 1 (qubit 0 rightmost)");
            }
        }
        return amplitudes.Distinct(StringComparer.Ordinal).ToArray();
    }
}
