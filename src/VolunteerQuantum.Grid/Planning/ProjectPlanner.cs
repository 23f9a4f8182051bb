using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Grid.Units;

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
        var points = Points(spec);
        var circuits = points.Select(p => Parse(spec, p, context)).ToList();
        var circuit = circuits[0];
        CheckDeclaredInputs(spec, circuit);
        var structure = CircuitStructure.Analyze(circuit);
        var wantsFinalState = spec.ReturnState || spec.Amplitudes.Count > 0 || spec.Observables.Count > 0;
        if (structure.IsDynamic && wantsFinalState)
        {
            throw new ProjectSpecException("the state, amplitudes and expectation values need a circuit whose measurements are all terminal; this circuit measures, resets or branches mid-circuit");
        }
        var amplitudes = CheckAmplitudes(spec.Amplitudes, circuit.QubitCount);
        var weights = ObservableWeights.Of(spec.Observables, circuit.QubitCount);
        var shots = spec.Shots > 0 || wantsFinalState ? spec.Shots : ProjectSpec.DefaultShots;
        var strategy = spec.Strategy == SlicingStrategy.Auto ? SlicingStrategy.Whole : spec.Strategy;
        if (strategy != SlicingStrategy.Whole)
        {
            throw new ProjectSpecException($"strategy '{strategy.ToString().ToLowerInvariant()}' is not available on this coordinator; use 'whole' or 'auto'");
        }
        var memory = StateBytes(circuit.QubitCount, spec.SinglePrecision);
        if (spec.MaxUnitMemoryBytes > 0 && memory > spec.MaxUnitMemoryBytes)
        {
            throw new ProjectSpecException($"the {circuit.QubitCount}-qubit state needs {Bytes(memory)} per unit, more than the {Bytes(spec.MaxUnitMemoryBytes)} allowed by the maximum unit memory");
        }
        var shotsPerUnit = ShotsPerUnit(spec, shots, structure.IsDynamic);
        var units = new List<WorkUnitSpec>();
        for (var p = 0; p < points.Count; p++)
        {
            var gates = circuits[p].GateCount;
            var unitsOfPoint = shots == 0 ? 1 : (int)((shots + shotsPerUnit - 1) / shotsPerUnit);
            for (var u = 0; u < unitsOfPoint; u++)
            {
                var index = units.Count;
                var unitShots = shots == 0 ? 0 : Math.Min(shotsPerUnit, shots - (u * shotsPerUnit));
                var first = u == 0;
                units.Add(new WorkUnitSpec
                {
                    Index = index,
                    Kind = UnitKind.Whole,
                    Point = p,
                    Parameters = points[p],
                    MemoryBytes = memory,
                    GateCount = gates,
                    Cost = Cost(gates, circuit.QubitCount, unitShots, structure.IsDynamic),
                    Whole = new WholeUnitSpec
                    {
                        Shots = unitShots,
                        // Unit 0 samples with the project's own seed, so a one-unit project reproduces
                        // `vq simulate --seed` exactly; the others derive independent streams.
                        Seed = index == 0 ? spec.Seed : SplitMix64.Derive(spec.Seed, (ulong)index),
                        // The exact outputs are the same for every unit of a point: only its first computes them.
                        WantsState = first && spec.ReturnState,
                        Amplitudes = first ? amplitudes : [],
                        Observables = first ? spec.Observables : [],
                    },
                });
            }
        }
        var perPoint = units.Count / points.Count;
        return new ProjectPlan
        {
            Strategy = strategy,
            Units = units,
            Points = points,
            Swept = spec.Sweeps.Count > 0,
            Qubits = circuit.QubitCount,
            Clbits = circuit.ClbitCount,
            Gates = circuit.GateCount,
            KeyGroupSizes = circuit.ClassicalRegisters.Reverse().Select(r => r.Size).ToArray(),
            MemoryPerUnit = memory,
            ObservableWeights = weights,
            Shots = shots,
            Warnings = circuit.Warnings,
            Description = $"whole: {units.Count} unit(s)"
                + (points.Count > 1 ? $" over {points.Count} parameter points" : "")
                + (shots > 0 && perPoint > 1 ? $", {shotsPerUnit} shots each" : "")
                + $", {Bytes(memory)} per unit, {spec.MinQuorum} replicas each",
        };
    }

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

    /// <summary>Every combination of the swept values, each with the fixed parameters.</summary>
    private static List<IReadOnlyDictionary<string, double>> Points(ProjectSpec spec)
    {
        var count = spec.Sweeps.Aggregate(1L, (n, s) => n * s.Values.Count);
        if (count > MaxPoints)
        {
            throw new ProjectSpecException($"the sweeps make {count} parameter points; at most {MaxPoints} are allowed");
        }
        var points = new List<IReadOnlyDictionary<string, double>> { new Dictionary<string, double>(spec.Parameters, StringComparer.Ordinal) };
        foreach (var sweep in spec.Sweeps)
        {
            points = points
                .SelectMany(p => sweep.Values.Select(v => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(p, StringComparer.Ordinal) { [sweep.Name] = v }))
                .ToList();
        }
        return points;
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

    /// <summary>
    /// Terminal-measurement circuits sample every shot from one final state, so splitting their
    /// shots would only repeat the simulation: one unit. Dynamic circuits branch per shot, so their
    /// shots spread over up to 8 units of at least 256 shots.
    /// </summary>
    private static long ShotsPerUnit(ProjectSpec spec, long shots, bool dynamic)
    {
        if (spec.ShotsPerUnit > 0)
        {
            return spec.ShotsPerUnit;
        }
        if (shots == 0 || !dynamic)
        {
            return Math.Max(1, shots);
        }
        return Math.Max(256, (shots + 7) / 8);
    }

    private static double Cost(int gates, int qubits, long shots, bool dynamic) =>
        Math.Max(1, gates) * Math.Pow(2, qubits) * (dynamic ? Math.Max(1, shots / 16.0) : 1);
}
