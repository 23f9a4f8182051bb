using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Fusion;

/// <summary>Fusion must be exact: fused blocks applied with the reference kernel equal the gates applied one by one (double, 1e-12).</summary>
public sealed class GateFuserTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Fuse_RandomCircuits_EqualsUnfusedWithin1e12(int maxFused)
    {
        var rng = new Random(100 + maxFused);
        for (var trial = 0; trial < 12; trial++)
        {
            var n = 1 + rng.Next(9);
            var gates = RandomCircuits.Gates(n, 60, rng);
            var expected = RandomCircuits.Simulate(n, gates);
            var fused = new GateFuser(new FusionOptions(maxFused)).Fuse(gates, n);
            var actual = ApplyFused(n, fused);
            Assert.True(KernelHarness.MaxDifference(expected, actual) <= 1e-12, $"n={n} k={maxFused}");
            Assert.Equal(gates.Count, fused.Sum(f => f.SourceGateCount));
            Assert.All(fused, f => Assert.True(f.Kind != FusedGateKind.Dense || f.Targets.Count <= Math.Max(maxFused, 2)));
        }
    }

    [Fact]
    public void Fuse_BrickworkCircuit_MakesFewBlocks()
    {
        var rng = new Random(9);
        var gates = new List<GateOperation>();
        for (var layer = 0; layer < 8; layer++)
        {
            for (var q = 0; q < 12; q++)
            {
                gates.Add(new GateOperation("ry", TestData.Ry(rng.NextDouble()), [q]));
            }
            for (var q = layer % 2; q + 1 < 12; q += 2)
            {
                gates.Add(new GateOperation("cz", TestData.Cz, [q, q + 1]));
            }
        }
        var fused = new GateFuser(new FusionOptions(4)).Fuse(gates, 12);
        Assert.True(fused.Count * 4 < gates.Count, $"{gates.Count} gates fused into {fused.Count}");
    }

    [Fact]
    public void Fuse_DiagonalRun_StaysDiagonalBeyondDenseLimit()
    {
        var gates = Enumerable.Range(1, 7).Select(q => new GateOperation("cp", TestData.Cp(0.1 * q), [0, q])).ToList();
        var fused = new GateFuser(new FusionOptions(3)).Fuse(gates, 8);
        var only = Assert.Single(fused);
        Assert.Equal(FusedGateKind.Diagonal, only.Kind);
        Assert.Equal(8, only.Targets.Count);
    }

    [Fact]
    public void Fuse_GateWiderThanLimit_StaysControlled()
    {
        var c4x = new GateOperation("c4x", TestData.X, [4], [0, 1, 2, 3]);
        var fused = new GateFuser(new FusionOptions(4)).Fuse([new GateOperation("h", TestData.H, [0]), c4x, new GateOperation("h", TestData.H, [0])], 5);
        Assert.Contains(fused, f => f.Kind == FusedGateKind.Controlled && f.Controls.Count == 4);
    }

    [Fact]
    public void Fuse_GlobalPhaseOnly_EmitsZeroQubitDiagonal()
    {
        var phase = new GateOperation("gphase", new GateMatrix(0, [Complex.FromPolarCoordinates(1, 0.5)]), []);
        var fused = new GateFuser(new FusionOptions(4)).Fuse([phase], 2);
        var only = Assert.Single(fused);
        Assert.Equal(FusedGateKind.Diagonal, only.Kind);
        Assert.Empty(only.Targets);
    }

    [Fact]
    public void Fuse_ControlledGlobalPhase_IsDiagonalOnControls()
    {
        var gates = new List<GateOperation>
        {
            new("h", TestData.H, [0]),
            new("h", TestData.H, [1]),
            new("cgphase", new GateMatrix(0, [Complex.FromPolarCoordinates(1, 0.7)]), [], [0, 1], [true, false]),
        };
        var expected = RandomCircuits.Simulate(2, gates);
        var actual = ApplyFused(2, new GateFuser(new FusionOptions(0)).Fuse(gates, 2));
        Assert.True(KernelHarness.MaxDifference(expected, actual) <= 1e-14);
    }

    private static Complex[] ApplyFused(int n, IReadOnlyList<FusedGate> fused)
    {
        var state = new Complex[1 << n];
        state[0] = Complex.One;
        foreach (var f in fused)
        {
            state = KernelHarness.Reference(state, f);
        }
        return state;
    }
}
