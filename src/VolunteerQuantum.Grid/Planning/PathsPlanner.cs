using System.Numerics;
using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>
/// The `paths` strategy: the cheapest cut whose halves fit one unit's memory, the path program,
/// and the paths split into ranges, one per unit. Units never talk to each other and return a
/// few complex numbers, so losing some only lowers the fidelity.
/// </summary>
public static class PathsPlanner
{
    /// <summary>Units a project's paths are spread over (fewer when there are fewer paths).</summary>
    public const int TargetUnits = 32;

    public const double MaxPaths = 1L << 62;

    /// <summary>The largest half that fits: a unit holds at least one state per half.</summary>
    public static int MaxHalfQubits(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return BitOperations.Log2((ulong)Math.Max(1, input.MemoryLimit / input.AmplitudeBytes / 2));
    }

    public static ProjectPlan Plan(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var circuit = input.Circuit;
        if (circuit.QubitCount > PathProgram.MaxQubits)
        {
            throw new ProjectSpecException($"the paths strategy takes circuits of at most {PathProgram.MaxQubits} qubits (bitstrings are 64-bit indices); this one has {circuit.QubitCount}");
        }
        var half = MaxHalfQubits(input);
        var cut = CutPlanner.Plan(circuit, half)
            ?? throw new ProjectSpecException($"no cut of this {circuit.QubitCount}-qubit circuit into two halves of at most {half} qubits each exists");
        if (cut.PathCount > MaxPaths)
        {
            throw new ProjectSpecException($"the cheapest cut ({cut.Description}) needs {cut.PathCount:G3} paths, more than {MaxPaths:G3}");
        }
        var program = PathProgram.Build(circuit, cut);
        var total = (ulong)cut.PathCount;
        var perUnit = Math.Max(1UL, (total + TargetUnits - 1) / TargetUnits);
        var memory = PathsExecutor.MemoryBytes(program, new PathsOptions { SinglePrecision = spec.SinglePrecision, MaxMemoryBytes = input.MemoryLimit });
        var units = new List<WorkUnitSpec>();
        for (ulong first = 0; first < total; first += perUnit)
        {
            var count = Math.Min(perUnit, total - first);
            units.Add(new WorkUnitSpec
            {
                Index = units.Count,
                Kind = UnitKind.Paths,
                MemoryBytes = memory,
                GateCount = circuit.GateCount,
                Cost = count * (double)circuit.GateCount * (Math.Pow(2, cut.QubitsA.Count) + Math.Pow(2, cut.QubitsB.Count)),
                Paths = new PathsUnitSpec { FirstPath = first, PathCount = count, Amplitudes = input.Amplitudes },
            });
        }
        return new ProjectPlan
        {
            Strategy = SlicingStrategy.Paths,
            Units = units,
            Points = input.Points,
            Qubits = circuit.QubitCount,
            Clbits = circuit.ClbitCount,
            Gates = circuit.GateCount,
            KeyGroupSizes = input.KeyGroupSizes,
            MemoryPerUnit = memory,
            ObservableWeights = input.ObservableWeights,
            Shots = 0,
            Warnings = circuit.Warnings,
            Paths = program,
            Cut = cut,
            Description = $"paths: {cut.Description}; {units.Count} unit(s) of up to {perUnit} path(s), {ProjectPlanner.Bytes(memory)} per unit, {spec.MinQuorum} replicas each",
        };
    }
}
