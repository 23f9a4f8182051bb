using System.Numerics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Simulation;
using VolunteerQuantum.Simulation.Execution;

namespace VolunteerQuantum.Grid.Tests.Paths;

public sealed class PathsExecutorTests
{
    private static readonly PathsOptions Options = new();

    public static TheoryData<int, string> RandomCircuits() => new()
    {
        { 6, "cz" },
        { 7, "cx,swap" },
        { 8, "cp,rzz,rxx" },
        { 10, "cu3,ccx,cz,swap" },
        { 12, "rxx,ccx,cp,cx,rzz" },
        { 16, "swap,cz,cu3,rzz,ccx,cx" },
        { 20, "cz,cx,cp,rzz,rxx,ccx" },
    };

    [Theory]
    [MemberData(nameof(RandomCircuits))]
    public void Execute_AllPathsOfRandomCircuitOnPlannedAndNaturalCuts_MatchTheSimulator(int n, string crossings)
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(n, crossings.Split(','), layers: 3, seed: n);
        var plan = CutPlanner.Plan(circuit, (n + 1) / 2);
        Assert.NotNull(plan);
        var natural = PathProgram.Build(circuit, PathsTestCircuits.NaturalCut(n));
        Assert.Equal(crossings.Split(',').Length, natural.TermsPerCut.Count);

        AssertMatchesSimulator(circuit, PathProgram.Build(circuit, plan), seed: n);
        AssertMatchesSimulator(circuit, natural, seed: n);
    }

    [Fact]
    public void Execute_QasmCircuitWithEveryCrossingKind_MatchesTheSimulator()
    {
        const string Source = """
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[8];
            creg c[8];
            h q; rx(0.3) q[1]; ry(1.1) q[6]; rz(0.7) q[3];
            cx q[0],q[1]; cz q[2],q[3]; cx q[4],q[5]; cz q[6],q[7];
            cu3(0.4,0.2,-0.9) q[3],q[4];
            ry(0.5) q[2]; rx(1.7) q[5];
            rzz(0.8) q[1],q[6];
            rxx(1.3) q[2],q[5];
            cx q[1],q[2]; cx q[5],q[6];
            ccx q[0],q[7],q[4];
            swap q[3],q[4];
            cp(0.6) q[2],q[7];
            h q; t q[0]; s q[5];
            measure q -> c;
            """;
        var circuit = QasmParser.Parse(Source);
        var plan = CutPlanner.Plan(circuit, 4);
        Assert.NotNull(plan);

        AssertMatchesSimulator(circuit, PathProgram.Build(circuit, plan), seed: 8);
    }

    [Fact]
    public void Execute_RangeSplitIntoPieces_SumsToTheWholeRange()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(10, ["swap", "rxx", "cz", "cp"], layers: 3, seed: 4);
        var program = PathProgram.Build(circuit, PathsTestCircuits.NaturalCut(10));
        var total = (ulong)program.PathCount;
        Assert.Equal(32UL, total);
        long[] indices = [0, 5, 777, 1023];

        var whole = PathsExecutor.Execute(program, 0, total, indices, Options, null, default);
        var pieces = new Complex[indices.Length];
        var abs = 0.0;
        ulong done = 0;
        foreach (var (first, count) in new[] { (0UL, 1UL), (1UL, 6UL), (7UL, total - 9), (total - 2, 2UL) })
        {
            var part = PathsExecutor.Execute(program, first, count, indices, Options, null, default);
            for (var i = 0; i < indices.Length; i++)
            {
                pieces[i] += part.PartialSums[i];
            }
            abs += part.AbsSum;
            done += part.PathsDone;
        }

        Assert.Equal(total, whole.PathsDone);
        Assert.Equal(total, done);
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.True(Complex.Abs(whole.PartialSums[i] - pieces[i]) <= 1e-12, $"index {indices[i]}");
        }
        Assert.Equal(whole.AbsSum, abs, 12);
    }

    [Fact]
    public void Execute_PrefixCachingOnOrOffOrTight_BitIdenticalSums()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(12, ["cz", "swap", "ccx", "rxx", "cp"], layers: 3, seed: 21);
        var program = PathProgram.Build(circuit, PathsTestCircuits.NaturalCut(12));
        Assert.Equal(64, program.PathCount);
        long[] indices = [0, 1, 2047, 4095];
        var oneStatePerHalf = PathsExecutor.MemoryBytes(program, Options with { CachePrefixes = false });

        var cached = PathsExecutor.Execute(program, 3, 40, indices, Options, null, default);
        var uncached = PathsExecutor.Execute(program, 3, 40, indices, Options with { CachePrefixes = false }, null, default);
        var oneLevel = PathsExecutor.Execute(program, 3, 40, indices, Options with { MaxMemoryBytes = 2 * oneStatePerHalf }, null, default);

        Assert.Equal(cached.PartialSums, uncached.PartialSums);
        Assert.Equal(cached.PartialSums, oneLevel.PartialSums);
        Assert.Equal(cached.AbsSum, uncached.AbsSum);
        Assert.True(cached.GatesApplied < uncached.GatesApplied, $"{cached.GatesApplied} kernel calls with caches, {uncached.GatesApplied} without");
    }

    [Fact]
    public void Execute_Ghz40With64MiB_TwoAmplitudesOfOneOverRootTwo()
    {
        var circuit = PathsTestCircuits.Ghz(40);
        var plan = CutPlanner.Plan(circuit, 20);
        Assert.NotNull(plan);
        Assert.Equal(20, plan.QubitsA.Count);
        var program = PathProgram.Build(circuit, plan);
        var options = new PathsOptions { MaxMemoryBytes = (1L << 22) * 16, Threads = 2 };
        var all = (1L << 40) - 1;
        long[] indices = [0, all, 1, 1L << 20, (1L << 20) - 1, all ^ 1, 0x5555555555, 1L << 39];

        var outcome = PathsExecutor.Execute(program, 0, (ulong)program.PathCount, indices, options, null, default);

        Assert.True(PathsExecutor.MemoryBytes(program, options) <= options.MaxMemoryBytes);
        var expected = indices.Select(x => x == 0 || x == all ? 1 / Math.Sqrt(2) : 0).ToArray();
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.True(Complex.Abs(outcome.PartialSums[i] - expected[i]) <= 1e-12, $"⟨{indices[i]}|ψ⟩ = {outcome.PartialSums[i]}");
        }
    }

    [Fact]
    public void Execute_BudgetBelowOneStatePerHalf_RefusedNamingTheBytes()
    {
        var circuit = PathsTestCircuits.Ghz(24);
        var program = PathProgram.Build(circuit, CutPlanner.Plan(circuit, 12)!);
        var options = new PathsOptions { MaxMemoryBytes = 100_000 };

        var e = Assert.Throws<StateTooLargeException>(() => PathsExecutor.Execute(program, 0, 1, [0], options, null, default));

        var needed = 2 * (1L << 12) * 16;
        Assert.Contains($"{needed:N0} bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("100,000 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(needed, PathsExecutor.MemoryBytes(program, options));
    }

    [Fact]
    public void MemoryBytes_RoomForCaches_OneStatePerHalfPlusTheLevelsThatFit()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(20, ["cz", "cz", "cz"], layers: 2, seed: 2);
        var program = PathProgram.Build(circuit, PathsTestCircuits.NaturalCut(20));
        var state = (1L << 10) * 16;
        Assert.Equal(3, program.TermsPerCut.Count);

        Assert.Equal(2 * state, PathsExecutor.MemoryBytes(program, Options with { CachePrefixes = false }));
        Assert.Equal(5 * state, PathsExecutor.MemoryBytes(program, Options with { MaxMemoryBytes = (5 * state) + 1 }));
        Assert.Equal(8 * state, PathsExecutor.MemoryBytes(program, Options with { MaxMemoryBytes = 100 * state }));
        Assert.Equal(4 * state, PathsExecutor.MemoryBytes(program, Options with { MaxMemoryBytes = 100 * state, SinglePrecision = true }));
    }

    [Fact]
    public void Execute_SinglePrecision_CloseToDouble()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(8, ["cx", "rzz"], layers: 3, seed: 6);
        var program = PathProgram.Build(circuit, PathsTestCircuits.NaturalCut(8));
        long[] indices = [0, 17, 200];

        var single = PathsExecutor.Execute(program, 0, 4, indices, Options with { SinglePrecision = true }, null, default);
        var @double = PathsExecutor.Execute(program, 0, 4, indices, Options, null, default);

        for (var i = 0; i < indices.Length; i++)
        {
            Assert.True(Complex.Abs(single.PartialSums[i] - @double.PartialSums[i]) <= 1e-5);
        }
    }

    [Fact]
    public void Execute_Cancelled_StopsBetweenPaths()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(8, ["swap", "swap"], layers: 2, seed: 1);
        var program = PathProgram.Build(circuit, CutPlanner.Plan(circuit, 4)!);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => PathsExecutor.Execute(program, 0, (ulong)program.PathCount, [0], Options, null, cancel.Token));
    }

    [Fact]
    public void Execute_RangePastTheLastPath_Refused()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(8, ["cz", "cz"], layers: 2, seed: 1);
        var program = PathProgram.Build(circuit, PathsTestCircuits.NaturalCut(8));

        Assert.Throws<ArgumentOutOfRangeException>(() => PathsExecutor.Execute(program, 2, 3, [0], Options, null, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => PathsExecutor.Execute(program, 0, 1, [256], Options, null, default));
    }

    [Fact]
    public void Execute_Progress_ReportsPathsDoneUpToOne()
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(8, ["cz", "cz", "cz"], layers: 2, seed: 1);
        var program = PathProgram.Build(circuit, PathsTestCircuits.NaturalCut(8));
        var reports = new List<double>();

        PathsExecutor.Execute(program, 0, 8, [0], Options, new SyncProgress(reports.Add), default);

        Assert.Equal(Enumerable.Range(1, 8).Select(p => p / 8.0), reports);
    }

    private static void AssertMatchesSimulator(Circuit circuit, PathProgram program, int seed)
    {
        var random = new Random(seed);
        var indices = Enumerable.Range(0, 12).Select(_ => random.NextInt64(1L << circuit.QubitCount)).Append(0).ToArray();
        var expected = new Simulator(new SimulationOptions { Threads = 1 }).Run(circuit, new SimulationRequest { AmplitudeIndices = indices }).Amplitudes;

        var outcome = PathsExecutor.Execute(program, 0, (ulong)program.PathCount, indices, Options, null, default);

        Assert.Equal((ulong)program.PathCount, outcome.PathsDone);
        // |Σ_p a_A·a_B| ≤ Σ_p |a_A·a_B|: the mass bounds the amplitudes.
        Assert.True(outcome.AbsSum >= expected.Sum(Complex.Abs) - 1e-10);
        for (var i = 0; i < indices.Length; i++)
        {
            var error = Complex.Abs(outcome.PartialSums[i] - expected[i]);
            Assert.True(error <= 1e-10, $"index {indices[i]}: paths {outcome.PartialSums[i]}, simulator {expected[i]}, error {error:E2}");
        }
    }
}
