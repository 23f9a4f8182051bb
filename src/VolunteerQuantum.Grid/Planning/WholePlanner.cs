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
        return new ProjectPlan
        {
            Strategy = SlicingStrategy.Whole,
            Units = units,
            Points = input.Points,
            Swept = spec.Sweeps.Count > 0,
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
                + (shots > 0 && perPoint > 1 ? $", {shotsPerUnit} shots each" : "")
                + $", {ProjectPlanner.Bytes(memory)} per unit, {spec.MinQuorum} replicas each",
        };
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
