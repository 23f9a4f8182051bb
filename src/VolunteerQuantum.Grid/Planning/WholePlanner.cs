using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>
/// The `whole` strategy: every unit runs the whole circuit for a range of shots or one parameter
/// point. Terminal-measurement circuits sample every shot from one final state, so splitting their
/// shots would only repeat the simulation: one unit per point. Dynamic circuits branch per shot, so
/// their shots spread over up to 8 units of at least 256 shots, each with its own derived seed.
/// </summary>
public static class WholePlanner
{
    public static ProjectPlan Plan(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var circuit = input.Circuit;
        var memory = input.StateBytes;
        if (memory > input.MemoryLimit && spec.MaxUnitMemoryBytes > 0)
        {
            throw new ProjectSpecException($"the {circuit.QubitCount}-qubit state needs {ProjectPlanner.Bytes(memory)} per unit, more than the {ProjectPlanner.Bytes(input.MemoryLimit)} allowed by the maximum unit memory (the shards strategy splits it)");
        }
        var shots = input.Shots;
        var shotsPerUnit = ShotsPerUnit(spec, shots, input.Structure.IsDynamic);
        var perPointUnits = shots == 0 ? 1 : (shots + shotsPerUnit - 1) / shotsPerUnit;
        if ((double)perPointUnits * input.Points.Count > input.MaxUnits)
        {
            throw new PlanLimitException($"{shots} shots at {shotsPerUnit} per unit over {input.Points.Count} point(s) make {(double)perPointUnits * input.Points.Count:G6} units, more than the {input.MaxUnits} a project may have (Coordinator:MaxUnitsPerProject): use more shots per unit (--shots-per-unit) or ask the operator to raise the limit");
        }
        var units = new List<WorkUnitSpec>();
        for (var p = 0; p < input.Points.Count; p++)
        {
            var gates = input.Circuits[p].GateCount;
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
                    Parameters = input.Points[p],
                    MemoryBytes = memory,
                    GateCount = gates,
                    Cost = Math.Max(1, gates) * Math.Pow(2, circuit.QubitCount) * (input.Structure.IsDynamic ? Math.Max(1, unitShots / 16.0) : 1),
                    Whole = new WholeUnitSpec
                    {
                        Shots = unitShots,
                        // Unit 0 samples with the project's own seed, so a one-unit project reproduces
                        // `vq simulate --seed` exactly; the others derive independent streams.
                        Seed = index == 0 ? spec.Seed : SplitMix64.Derive(spec.Seed, (ulong)index),
                        // The exact outputs are the same for every unit of a point: only its first computes them.
                        WantsState = first && spec.ReturnState,
                        Amplitudes = first ? input.Amplitudes : [],
                        Observables = first ? spec.Observables : [],
                    },
                });
            }
        }
        var perPoint = units.Count / input.Points.Count;
        return Plan(input, units, memory, shots, shots > 0 && perPoint > 1 ? $", {shotsPerUnit} shots each" : "");
    }

    /// <summary>The run time a noisy unit aims at on the median host, when the user does not choose.</summary>
    public static readonly TimeSpan TrajectoryUnitTarget = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A noisy project: each point's trajectories split into ranges, one unit each. Every unit carries
    /// the project's seed, not a derived one: trajectory t draws from (seed, t) alone, so the ranges
    /// computed apart give exactly the counts and moments of one run of them all. A range takes the
    /// shots the engine gives its trajectories (<see cref="ShotsOfRange"/>).
    /// </summary>
    public static ProjectPlan PlanTrajectories(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var noise = input.Noise ?? throw new ArgumentException("a trajectory plan needs the noise model", nameof(input));
        var circuit = input.Circuit;
        var memory = input.StateBytes;
        if (memory > input.MemoryLimit)
        {
            throw new ProjectSpecException($"the {circuit.QubitCount}-qubit state needs {ProjectPlanner.Bytes(memory)} per unit, more than the {ProjectPlanner.Bytes(input.MemoryLimit)} a unit may hold; noisy runs use whole-circuit units only (no shards)");
        }
        var total = spec.Trajectories;
        var shots = input.Shots;
        var perTrajectory = TrajectoryCost(input, noise);
        var perUnit = spec.TrajectoriesPerUnit > 0 ? spec.TrajectoriesPerUnit : TrajectoriesPerUnit(perTrajectory, input.HostSpeed, total);
        var perPointUnits = (total + perUnit - 1) / perUnit;
        if ((double)perPointUnits * input.Points.Count > input.MaxUnits)
        {
            throw new PlanLimitException($"{total} trajectories at {perUnit} per unit over {input.Points.Count} point(s) make {(double)perPointUnits * input.Points.Count:G6} units, more than the {input.MaxUnits} a project may have (Coordinator:MaxUnitsPerProject): use more trajectories per unit (--trajectories-per-unit) or ask the operator to raise the limit");
        }
        var units = new List<WorkUnitSpec>();
        for (var p = 0; p < input.Points.Count; p++)
        {
            for (var first = 0L; first < total; first += perUnit)
            {
                var count = Math.Min(perUnit, total - first);
                units.Add(new WorkUnitSpec
                {
                    Index = units.Count,
                    Kind = UnitKind.Whole,
                    Point = p,
                    Parameters = input.Points[p],
                    MemoryBytes = memory,
                    GateCount = input.Circuits[p].GateCount,
                    Cost = perTrajectory * count,
                    Whole = new WholeUnitSpec
                    {
                        Shots = ShotsOfRange(first, count, shots, total),
                        Seed = spec.Seed,
                        Observables = spec.Observables,
                        Trajectories = total,
                        FirstTrajectory = first,
                        TrajectoryCount = count,
                        RunShots = shots,
                    },
                });
            }
        }
        return Plan(input, units, memory, shots, $", {total} trajectories, {perUnit} per unit");
    }

    /// <param name="split">How the units divide the work, for the plan's description.</param>
    private static ProjectPlan Plan(PlanInput input, List<WorkUnitSpec> units, long memory, long shots, string split)
    {
        var circuit = input.Circuit;
        return new ProjectPlan
        {
            Strategy = SlicingStrategy.Whole,
            Units = units,
            Points = input.Points,
            Swept = input.Spec.Sweeps.Count > 0,
            Qubits = circuit.QubitCount,
            Clbits = circuit.ClbitCount,
            Gates = circuit.GateCount,
            KeyGroupSizes = input.KeyGroupSizes,
            MemoryPerUnit = memory,
            ObservableWeights = input.ObservableWeights,
            Shots = shots,
            Warnings = circuit.Warnings,
            Description = $"whole: {units.Count} unit(s)"
                + (input.Points.Count > 1 ? $" over {input.Points.Count} parameter points" : "")
                + split
                + $", {ProjectPlanner.Bytes(memory)} per unit, {input.Spec.MinQuorum} replicas each",
        };
    }

    /// <summary>
    /// Trajectories per unit for about <see cref="TrajectoryUnitTarget"/> of the median host's time:
    /// at least one, at most all of them.
    /// </summary>
    public static long TrajectoriesPerUnit(double trajectoryCost, double hostSpeed, long trajectories)
    {
        var fit = Math.Floor(TrajectoryUnitTarget.TotalSeconds * hostSpeed / Math.Max(1, trajectoryCost));
        return double.IsFinite(fit) ? (long)Math.Clamp(fit, 1, trajectories) : trajectories;
    }

    /// <summary>
    /// Shots of trajectories [first, first + count) of a run of <paramref name="shots"/> over
    /// <paramref name="trajectories"/>: the engine gives each S / N, and one more to t &lt; S mod N.
    /// </summary>
    public static long ShotsOfRange(long first, long count, long shots, long trajectories)
    {
        var extra = shots % trajectories;
        return (count * (shots / trajectories)) + Math.Max(0, Math.Min(first + count, extra) - first);
    }

    /// <summary>
    /// Amplitude updates of one trajectory, in the units of the whole units' cost (gates × 2^n): the
    /// circuit with its errors made explicit (each an operation on the state), one pass per Pauli term
    /// of each observable, and one for sampling.
    /// </summary>
    private static double TrajectoryCost(PlanInput input, Circuits.Noise.NoiseModel noise)
    {
        var operations = noise.Apply(input.Circuit).Circuit.Operations.Count;
        // The observables were parsed (and found valid) by the planner before.
        var terms = input.Spec.Observables.Sum(o => Simulation.Observables.PauliSum.Parse(o).Terms.Count);
        return Math.Max(1, operations + terms + 1) * Math.Pow(2, input.Circuit.QubitCount);
    }

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
}
