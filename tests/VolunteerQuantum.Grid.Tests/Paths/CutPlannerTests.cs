using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Paths;

namespace VolunteerQuantum.Grid.Tests.Paths;

public sealed class CutPlannerTests
{
    [Fact]
    public void Plan_TwoBlocksJoinedByFourCzs_CutsBetweenTheBlocks()
    {
        var circuit = TwoBlockCircuit.Build(20, layersBefore: 2, layersAfter: 2, seed: 5);

        var plan = CutPlanner.Plan(circuit, 20);

        Assert.NotNull(plan);
        Assert.Equal(Enumerable.Range(0, 20), plan.QubitsA);
        Assert.Equal(Enumerable.Range(20, 20), plan.QubitsB);
        Assert.Equal(TwoBlockCircuit.Czs.Length, plan.CutGates);
        Assert.Equal(16, plan.PathCount);
        Assert.Equal("A = q0..q19, B = q20..q39; 4 cut gates (CZ ×4), 16 paths", plan.Description);
    }

    [Fact]
    public void Plan_InterleavedBlocks_LocalSearchFindsThem()
    {
        // Block A is the even qubits, block B the odd ones: every contiguous split cuts both chains.
        var random = new Random(3);
        var b = new CircuitBuilder(10);
        for (var layer = 0; layer < 3; layer++)
        {
            for (var q = 0; q < 10; q++)
            {
                PathsTestCircuits.RandomRotation(b, q, random);
            }
            for (var q = 0; q + 2 < 10; q++)
            {
                b.Controlled("cz", StandardGates.Z, [q], q + 2);
            }
        }
        b.Controlled("cx", StandardGates.X, [4], 5);

        var plan = CutPlanner.Plan(b.Build(), 5);

        Assert.NotNull(plan);
        Assert.Equal(1, plan.CutGates);
        Assert.Equal(2, plan.PathCount);
        Assert.Equal([0, 2, 4, 6, 8], plan.QubitsA);
    }

    [Theory]
    [InlineData(12, 7)]
    [InlineData(12, 11)]
    [InlineData(9, 5)]
    public void Plan_RandomCircuit_BothHalvesWithinTheBound(int n, int maxHalf)
    {
        var circuit = PathsTestCircuits.TwoBlocksWithCrossings(n, ["swap", "cz", "rxx"], layers: 3, seed: n + maxHalf);

        var plan = CutPlanner.Plan(circuit, maxHalf);

        Assert.NotNull(plan);
        Assert.InRange(plan.QubitsA.Count, 1, maxHalf);
        Assert.InRange(plan.QubitsB.Count, 1, maxHalf);
        Assert.Equal(Enumerable.Range(0, n), plan.QubitsA.Concat(plan.QubitsB).Order());
        Assert.Equal(plan.TermsPerCut.Aggregate(1.0, (p, t) => p * t), plan.PathCount);
        Assert.Equal(plan.CutGates, plan.TermsPerCut.Count);
    }

    [Fact]
    public void Plan_MoreQubitsThanTwoHalves_Null()
    {
        Assert.Null(CutPlanner.Plan(PathsTestCircuits.Ghz(9), 4));
    }

    [Fact]
    public void Plan_MidCircuitMeasurement_Null()
    {
        var circuit = new CircuitBuilder(4, 1)
            .Gate("h", StandardGates.H, 0)
            .Measure(0, 0)
            .Controlled("cx", StandardGates.X, [0], 1)
            .Build();

        Assert.Null(CutPlanner.Plan(circuit, 2));
    }

    [Fact]
    public void Plan_ConditionalGate_Null()
    {
        var circuit = new CircuitBuilder(4, 1)
            .Add(new ConditionalOperation(new ClassicalCondition([0], 1), [new GateOperation("x", StandardGates.X, [2])], []))
            .Build();

        Assert.Null(CutPlanner.Plan(circuit, 2));
    }

    [Fact]
    public void Plan_TerminalMeasurementsAndBarriers_Ignored()
    {
        var circuit = new CircuitBuilder(4, 4)
            .Gate("h", StandardGates.H, 0)
            .Controlled("cx", StandardGates.X, [0], 1)
            .Controlled("cx", StandardGates.X, [2], 3)
            .Barrier(0, 1, 2, 3)
            .Controlled("cx", StandardGates.X, [1], 2)
            .Measure(0, 0).Measure(1, 1).Measure(2, 2).Measure(3, 3)
            .Build();

        var plan = CutPlanner.Plan(circuit, 2);

        Assert.NotNull(plan);
        Assert.Equal([0, 1], plan.QubitsA);
        Assert.Equal(1, plan.CutGates);
    }

    [Fact]
    public void Plan_GeneralSevenQubitGateOnEveryQubit_Null()
    {
        var gate = new GateOperation("u7", PathsTestCircuits.RandomUnitary(7, new Random(1)), Enumerable.Range(0, 7).ToArray());
        var circuit = new CircuitBuilder(7).Add(gate).Build();

        Assert.Null(CutPlanner.Plan(circuit, 6));
    }

    [Fact]
    public void Plan_NoInteraction_ZeroCutGatesOnePath()
    {
        var circuit = new CircuitBuilder(3).Gate("h", StandardGates.H, 0).Gate("h", StandardGates.H, 2).Build();

        var plan = CutPlanner.Plan(circuit, 2);

        Assert.NotNull(plan);
        Assert.Equal(0, plan.CutGates);
        Assert.Equal(1, plan.PathCount);
        Assert.EndsWith("0 cut gates, 1 path", plan.Description, StringComparison.Ordinal);
    }
}
