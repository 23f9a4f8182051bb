using VolunteerQuantum.Circuits.Noise.Json;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Grid.Planning;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Recombination;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;
using VolunteerQuantum.Grid.Verification;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Grid.Tests;

/// <summary>Noisy projects: trajectory units, their exact comparison, and the pooling of their moments.</summary>
public sealed class TrajectoryPlanTests
{
    private const string Ghz = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\ncreg c[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\nmeasure q -> c;\n";

    internal const string Noise = """
        {"gates":[{"names":["cx"],"error":{"type":"depolarizing","lambda":0.02,"qubits":2}},
                  {"names":["*"],"error":{"type":"depolarizing","lambda":0.01}}],
         "readout":[{"p01":0.02,"p10":0.03}]}
        """;

    private static ProjectSpec Noisy(long trajectories, long perUnit = 0, long shots = 1000) => new()
    {
        Name = "ghz",
        Source = Ghz,
        Shots = shots,
        Seed = 1234,
        NoiseText = Noise,
        NoiseFileName = "noise.json",
        Trajectories = trajectories,
        TrajectoriesPerUnit = perUnit,
        Observables = ["Z0 Z1", "0.5*X0 X1 X2"],
    };

    [Theory]
    [InlineData(100, 7, 1000)]
    [InlineData(37, 37, 10)]
    [InlineData(16, 1, 1)]
    [InlineData(1000, 64, 999_999)]
    public void PlanTrajectories_RangesCoverEveryTrajectoryOnce_ShotsAddUp_OneSeed(long trajectories, long perUnit, long shots)
    {
        var plan = ProjectPlanner.Plan(Noisy(trajectories, perUnit, shots), new PlanningContext());
        var wholes = plan.Units.Select(u => u.Whole!).ToArray();
        Assert.Equal((trajectories + perUnit - 1) / perUnit, wholes.Length);
        var next = 0L;
        foreach (var w in wholes)
        {
            Assert.Equal(next, w.FirstTrajectory);
            Assert.InRange(w.TrajectoryCount, 1, perUnit);
            Assert.Equal(trajectories, w.Trajectories);
            // The engine's rule, trajectory by trajectory: S / N each, one more for t < S mod N.
            var expected = 0L;
            for (var t = w.FirstTrajectory; t < w.FirstTrajectory + w.TrajectoryCount; t++)
            {
                expected += (shots / trajectories) + (t < shots % trajectories ? 1 : 0);
            }
            Assert.Equal(expected, w.Shots);
            Assert.Equal(["Z0 Z1", "0.5*X0 X1 X2"], w.Observables);
            next += w.TrajectoryCount;
        }
        Assert.Equal(trajectories, next);
        Assert.Equal(shots, wholes.Sum(w => w.Shots));
        // The project's seed on every unit: trajectory t draws from (seed, t) alone.
        Assert.All(wholes, w => Assert.Equal(1234UL, w.Seed));
        Assert.Equal(SlicingStrategy.Whole, plan.Strategy);
    }

    [Fact]
    public void PlanTrajectories_Sweep_EachPointGetsAllTrajectories()
    {
        var spec = Noisy(10, 4) with { Source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float theta;\nqubit[2] q;\nbit[2] c;\nry(theta) q[0];\ncx q[0], q[1];\nc = measure q;\n", Observables = [], Sweeps = [new ParameterSweep("theta", [0.1, 0.2])] };
        var plan = ProjectPlanner.Plan(spec, new PlanningContext());
        Assert.Equal(6, plan.Units.Count);
        foreach (var point in plan.Units.GroupBy(u => u.Point))
        {
            Assert.Equal(10, point.Sum(u => u.Whole!.TrajectoryCount));
            Assert.Equal(1000, point.Sum(u => u.Whole!.Shots));
        }
    }

    [Fact]
    public void TrajectoriesPerUnit_AboutAMinuteOfTheMedianHost_AtLeastOneAtMostAll()
    {
        // 1e6 updates a trajectory at 1e6 a second: 60 a minute.
        Assert.Equal(60, WholePlanner.TrajectoriesPerUnit(1e6, 1e6, 1000));
        Assert.Equal(1000, WholePlanner.TrajectoriesPerUnit(1, 1e9, 1000));
        Assert.Equal(1, WholePlanner.TrajectoriesPerUnit(1e12, 1e6, 1000));
        Assert.Equal(5, WholePlanner.TrajectoriesPerUnit(1e6, 1e6, 5));
    }

    [Fact]
    public void PlanTrajectories_PlannerChooses_FasterHostsGetLongerUnits()
    {
        var slow = ProjectPlanner.Plan(Noisy(1_000_000), new PlanningContext { MedianHostSpeed = 1e3 });
        var fast = ProjectPlanner.Plan(Noisy(1_000_000), new PlanningContext { MedianHostSpeed = 1e6 });
        var fallback = ProjectPlanner.Plan(Noisy(1_000_000), new PlanningContext());
        var perSlow = slow.Units[0].Whole!.TrajectoryCount;
        var perFast = fast.Units[0].Whole!.TrajectoryCount;
        Assert.InRange(perSlow, 1, 999_999);
        // About 1000 times the speed: about 1000 times the trajectories (floors differ by at most one).
        Assert.InRange(perFast, (perSlow * 1000) - 1000, (perSlow * 1000) + 1000);
        // No measured host: the lease policy's fallback speed.
        Assert.Equal(WholePlanner.TrajectoriesPerUnit(fast.Units[0].Cost / perFast, new Scheduling.LeasePolicy().FallbackSpeed, 1_000_000), fallback.Units[0].Whole!.TrajectoryCount);
        // The unit's cost is its trajectories' cost, so leases scale with it.
        Assert.Equal(fast.Units[0].Cost / perFast, slow.Units[0].Cost / perSlow, 6);
    }

    [Fact]
    public void PlanTrajectories_TooManyUnits_RefusedNamingTheLimit()
    {
        var e = Assert.Throws<PlanLimitException>(() => ProjectPlanner.Plan(Noisy(1000, 1), new PlanningContext { MaxUnits = 999 }));
        Assert.Contains("MaxUnitsPerProject", e.Message, StringComparison.Ordinal);
        Assert.Contains("--trajectories-per-unit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_RangesOfTrajectories_EqualTheWholeRun()
    {
        var circuit = QasmParser.Parse(Ghz);
        var noise = NoiseModelJson.Parse(Noise, "noise.json");
        var observables = new[] { "Z0 Z1", "0.5*X0 X1 X2" };
        const long trajectories = 24;
        const long shots = 1001;
        SimulationResult Run(long first, long count) => new Simulator(new SimulationOptions { Threads = 1 }).Run(circuit, new SimulationRequest
        {
            Shots = shots,
            Seed = 99,
            Noise = noise,
            Trajectories = trajectories,
            FirstTrajectory = first,
            TrajectoryCount = count,
            Observables = [.. observables.Select(PauliSum.Parse)],
        });
        // The engine's own whole run takes all the shots; its trajectories take the same shares.
        using var whole = new Simulator(new SimulationOptions { Threads = 1 }).Run(circuit, new SimulationRequest
        {
            Shots = shots,
            Seed = 99,
            Noise = noise,
            Trajectories = trajectories,
            Observables = [.. observables.Select(PauliSum.Parse)],
        });
        var units = new List<(WorkUnitSpec, UnitResult)>();
        foreach (var (first, count) in new[] { (0L, 5L), (5L, 5L), (10L, 1L), (11L, 13L) })
        {
            using var part = Run(first, count);
            var spec = new WorkUnitSpec
            {
                Index = units.Count,
                Kind = UnitKind.Whole,
                MemoryBytes = 128,
                Cost = 1,
                GateCount = 3,
                Whole = new WholeUnitSpec { Shots = WholePlanner.ShotsOfRange(first, count, shots, trajectories), Seed = 99, Observables = observables, Trajectories = trajectories, FirstTrajectory = first, TrajectoryCount = count },
            };
            var result = new UnitResult
            {
                Counts = part.Counts!.ToQiskitKeys(circuit),
                Expectations = observables.Select((o, i) => (o, part.ExpectationValues[i])).ToDictionary(p => p.o, p => p.Item2),
                Moments = observables.Select((o, i) => (o, part.ExpectationMoments[i])).ToDictionary(p => p.o, p => p.Item2),
            };
            Assert.Null(ResultInvariants.Violation(spec, result, [3], 1e-12));
            units.Add((spec, result));
        }
        var point = Assert.Single(WholeRecombiner.Combine([new Dictionary<string, double>()], units));
        Assert.Equal(whole.Counts!.ToQiskitKeys(circuit).OrderBy(kv => kv.Key), point.Counts!.OrderBy(kv => kv.Key));
        Assert.Equal(trajectories, point.Trajectories);
        Assert.Equal(shots, point.Shots);
        for (var i = 0; i < observables.Length; i++)
        {
            var expected = whole.ExpectationMoments[i];
            Assert.Equal(expected.Mean, point.Expectations![observables[i]], Math.Max(1, Math.Abs(expected.Mean)) * 1e-12);
            Assert.Equal(expected.StandardError, point.ExpectationErrors![observables[i]], Math.Max(1e-300, expected.StandardError) * 1e-9);
            Assert.True(expected.StandardError > 0);
        }
    }

    [Fact]
    public void StandardError_ConstantObservable_ExactlyZero_DespiteRounding()
    {
        var m = default(ObservableMoments);
        for (var t = 0; t < 1000; t++)
        {
            m += new ObservableMoments(1, 0.1, 0.1 * 0.1);
        }
        Assert.Equal(0, m.StandardError);
        Assert.Equal(0, new ObservableMoments(1, 0.3, 0.09).StandardError);
        // A real spread is kept: values ±1 have variance n/(n−1), SE ≈ 1/√n.
        Assert.Equal(1 / Math.Sqrt(999), new ObservableMoments(1000, 0, 1000).StandardError, 1e-12);
    }

    [Fact]
    public void Difference_Moments_SameCountAndSumsWithinTheFloatTolerancePerTrajectory()
    {
        var comparer = new ResultComparer(1e-10);
        UnitResult With(long count, double sum, double squares = 4.0) => new() { Moments = new Dictionary<string, ObservableMoments> { ["Z0"] = new(count, sum, squares) }, Expectations = new Dictionary<string, double> { ["Z0"] = sum / count } };
        Assert.Null(comparer.Difference(With(10, 0.3), With(10, 0.3)));
        // Last-bit differences (another SIMD width's reduction order) are honest: 10 trajectories
        // may differ by 10 · 2 · 1e-10 in Σv and twice that in Σv².
        Assert.Null(comparer.Difference(With(10, 0.3), With(10, Math.BitIncrement(0.3), Math.BitDecrement(4.0))));
        Assert.Null(comparer.Difference(With(10, 0.3), With(10, 0.3 + 1.9e-9)));
        Assert.Contains("moments of 'Z0' differ", comparer.Difference(With(10, 0.3), With(10, 0.3 + 2.1e-9)), StringComparison.Ordinal);
        Assert.Contains("moments of 'Z0' differ", comparer.Difference(With(10, 0.3), With(10, 0.3, 4.0 + 4.1e-9)), StringComparison.Ordinal);
        Assert.Contains("moments of 'Z0' differ", comparer.Difference(With(10, 0.3), With(11, 0.3)), StringComparison.Ordinal);
        Assert.Contains("moments of 'Z0' differ", comparer.Difference(With(10, 0.3), With(10, double.NaN)), StringComparison.Ordinal);
        Assert.Contains("moments", comparer.Difference(With(10, 0.3), new UnitResult { Expectations = new Dictionary<string, double> { ["Z0"] = 0.03 } }), StringComparison.Ordinal);
    }
}
