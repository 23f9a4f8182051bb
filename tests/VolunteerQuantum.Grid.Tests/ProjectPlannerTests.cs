using VolunteerQuantum.Grid.Planning;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Sketches;

namespace VolunteerQuantum.Grid.Tests;

public sealed class ProjectPlannerTests
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";
    private const string Dynamic = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q[0] -> c[0];\nif(c==1) x q[0];\nmeasure q[0] -> c[0];\n";
    private const string Swept = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float theta;\ninput float phi;\nqubit[2] q;\nry(theta) q[0];\nrz(phi) q[1];\n";

    private static ProjectPlan Plan(ProjectSpec spec) => ProjectPlanner.Plan(spec, new PlanningContext());

    [Fact]
    public void Plan_TerminalMeasurements_OneUnitWithAllShots_SeededWithTheProjectSeed()
    {
        var plan = Plan(new ProjectSpec { Name = "bell", Source = Bell, Shots = 5000, Seed = 42 });
        var unit = Assert.Single(plan.Units);
        Assert.Equal(5000, unit.Whole!.Shots);
        Assert.Equal(42UL, unit.Whole.Seed);
        Assert.Equal(64, unit.MemoryBytes);
        Assert.Equal([2], plan.KeyGroupSizes);
    }

    [Fact]
    public void Plan_DynamicCircuit_SplitsShotsIntoUnitsWithDistinctSeeds()
    {
        var plan = Plan(new ProjectSpec { Name = "d", Source = Dynamic, Shots = 4000, Seed = 7 });
        Assert.Equal(8, plan.Units.Count);
        Assert.Equal(4000, plan.Units.Sum(u => u.Whole!.Shots));
        Assert.Equal(8, plan.Units.Select(u => u.Whole!.Seed).Distinct().Count());
        Assert.Equal(SplitMix64.Derive(7, 3), plan.Units[3].Whole!.Seed);
    }

    [Fact]
    public void Plan_ShotsPerUnit_Overrides_LastUnitTakesTheRest()
    {
        var plan = Plan(new ProjectSpec { Name = "b", Source = Bell, Shots = 1000, ShotsPerUnit = 300 });
        Assert.Equal([300L, 300, 300, 100], plan.Units.Select(u => u.Whole!.Shots));
    }

    [Fact]
    public void Plan_Sweeps_OneUnitPerCombination_OutputsOnTheFirstUnitOfEachPoint()
    {
        var plan = Plan(new ProjectSpec
        {
            Name = "s",
            Source = Swept,
            Observables = ["Z0"],
            Parameters = new Dictionary<string, double> { ["phi"] = 0.5 },
            Sweeps = [new ParameterSweep("theta", [0.1, 0.2, 0.3])],
        });
        Assert.Equal(3, plan.Units.Count);
        Assert.Equal([0.1, 0.2, 0.3], plan.Units.Select(u => u.Parameters["theta"]));
        Assert.All(plan.Units, u => Assert.Equal(0.5, u.Parameters["phi"]));
        Assert.All(plan.Units, u => Assert.Equal(["Z0"], u.Whole!.Observables));
        Assert.True(plan.Swept);
    }

    [Theory]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n", "f.qasm:3:1: error: undefined gate 'foo'")]
    [InlineData("", "the circuit source is empty")]
    public void Plan_BadCircuit_ErrorNamesTheProblem(string source, string expected)
    {
        var e = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec { Name = "x", Source = source, FileName = "f.qasm", Shots = 1 }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MissingOrUnknownParameters_Refused()
    {
        var missing = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec { Name = "s", Source = Swept, Observables = ["Z0"], Sweeps = [new ParameterSweep("theta", [0.1])] }));
        Assert.Contains("phi", missing.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec
        {
            Name = "s",
            Source = Swept,
            Observables = ["Z0"],
            Parameters = new Dictionary<string, double> { ["phi"] = 1, ["theta"] = 1 },
            Sweeps = [new ParameterSweep("gamma", [0.1])],
        }));
        Assert.Contains("both fixed and swept", Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec
        {
            Name = "s",
            Source = Swept,
            Parameters = new Dictionary<string, double> { ["phi"] = 1, ["theta"] = 1 },
            Sweeps = [new ParameterSweep("theta", [0.1])],
        })).Message, StringComparison.Ordinal);
        Assert.Contains("gamma", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_StateOfDynamicCircuit_Refused()
    {
        var e = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec { Name = "d", Source = Dynamic, ReturnState = true }));
        Assert.Contains("terminal", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Z2", "acts on qubit 2")]
    [InlineData("Q0", "observable 'Q0'")]
    public void Plan_BadObservable_Refused(string observable, string expected)
    {
        var e = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec { Name = "b", Source = Bell, Observables = [observable] }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    public void Plan_CountsOfACircuitThatMeasuresNothing_Refused(long shots)
    {
        const string source = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\n";
        var e = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec { Name = "m", Source = source, FileName = "m.qasm", Shots = shots }));
        Assert.Contains("the circuit measures nothing", e.Message, StringComparison.Ordinal);
        // Asking for what such a circuit does have is fine.
        Assert.NotNull(Plan(new ProjectSpec { Name = "m", Source = source, FileName = "m.qasm", Amplitudes = ["00"] }));
    }

    [Fact]
    public void Plan_ObservableWeights_SumOfAbsoluteCoefficients()
    {
        var plan = Plan(new ProjectSpec { Name = "b", Source = Bell, Observables = ["0.5*Z0 - 2*X1 X0"] });
        Assert.Equal(2.5, plan.ObservableWeights["0.5*Z0 - 2*X1 X0"], 12);
    }

    [Fact]
    public void Plan_WholeForcedButStateLargerThanMaxUnitMemory_RefusedWithSizes()
    {
        var e = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec { Name = "b", Source = Bell, Shots = 1, MaxUnitMemoryBytes = 32, Strategy = SlicingStrategy.Whole }));
        Assert.Contains("64 B per unit, more than the 32 B", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Auto_StateLargerThanMaxUnitMemory_CutIntoShards()
    {
        var plan = Plan(new ProjectSpec { Name = "b", Source = Bell, Shots = 1, MaxUnitMemoryBytes = 32 });
        Assert.Equal(SlicingStrategy.Shards, plan.Strategy);
        Assert.Equal(2, plan.Shards!.ShardCount);
        Assert.Single(plan.Units);
    }

    [Fact]
    public void Plan_SweepThatDoesNotFitOneUnit_Refused()
    {
        var e = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec
        {
            Name = "s",
            Source = Swept,
            Observables = ["Z0"],
            Parameters = new Dictionary<string, double> { ["phi"] = 1 },
            Sweeps = [new ParameterSweep("theta", [0.1, 0.2])],
            MaxUnitMemoryBytes = 32,
        }));
        Assert.Contains("sweeps run with the whole strategy only", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TooManySweepPoints_Refused()
    {
        var values = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var e = Assert.Throws<PlanLimitException>(() => Plan(new ProjectSpec
        {
            Name = "s",
            Source = Swept,
            Sweeps = [new ParameterSweep("theta", values), new ParameterSweep("phi", values)],
        }));
        Assert.Contains("40000 parameter points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ShotsSplitPastTheUnitLimit_RefusedBeforeBuildingUnits()
    {
        // A billion one-shot units would exhaust the coordinator's memory while planning: refused from arithmetic.
        var e = Assert.Throws<PlanLimitException>(() => ProjectPlanner.Plan(
            new ProjectSpec { Name = "many", Source = Dynamic, Shots = 1_000_000_000, ShotsPerUnit = 1 },
            new PlanningContext { MaxUnits = 1000 }));
        Assert.Contains("1000000000 shots at 1 per unit", e.Message, StringComparison.Ordinal);
        Assert.Contains("Coordinator:MaxUnitsPerProject", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MoreShardsThanTheUnitLimit_Refused()
    {
        var e = Assert.Throws<PlanLimitException>(() => ProjectPlanner.Plan(
            new ProjectSpec { Name = "wide", Source = Ghz(30), ReturnState = true, Strategy = SlicingStrategy.Shards, MaxUnitMemoryBytes = 1024 },
            new PlanningContext { MaxUnits = 1000 }));
        Assert.Contains("2^24 shards", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UnitLargerThanTheGridCeiling_Refused()
    {
        // Amplitudes of 62 qubits with the researcher allowing any unit size: each half of the
        // paths plan holds at least 31 qubits (32 GiB), more than this grid's 16 GiB ceiling.
        var huge = new ProjectSpec { Name = "huge", Source = Ghz(62), Amplitudes = [new string('0', 62)], MaxUnitMemoryBytes = 1L << 62, Strategy = SlicingStrategy.Paths };
        var e = Assert.Throws<PlanLimitException>(() => ProjectPlanner.Plan(huge, new PlanningContext { MaxUnitMemoryBytes = 16L << 30 }));
        Assert.Contains("Coordinator:MaxUnitMemoryBytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_PathsPastSixtyTwoQubits_RefusedWithTheReason()
    {
        var e = Assert.Throws<ProjectSpecException>(() => Plan(new ProjectSpec { Name = "wide", Source = Ghz(100), Amplitudes = [new string('0', 100)], Strategy = SlicingStrategy.Paths }));
        Assert.Contains("at most 62 qubits", e.Message, StringComparison.Ordinal);
    }

    private static string Ghz(int n) =>
        $"OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[{n}];\nh q[0];\n" + string.Concat(Enumerable.Range(1, n - 1).Select(i => $"cx q[{i - 1}],q[{i}];\n"));
}
