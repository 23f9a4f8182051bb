using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Sampling;

/// <summary>
/// Terminal sampling. Statistical bounds (seeded, so deterministic; the bounds say how unlikely a failure
/// would be for an unlucky seed): χ² over k outcomes against the exact distribution below the
/// 1 − 10⁻⁶ quantile of χ²(k−1) (7 dof: 38.9; 3 dof: 30.7).
/// </summary>
public sealed class SamplingTests
{
    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void Sample_ProductState_ChiSquareWithinBound(Precision precision)
    {
        var angles = new[] { 0.4, 1.3, 2.2 };
        var b = new CircuitBuilder(3, 3);
        for (var q = 0; q < 3; q++)
        {
            b.Gate("ry", TestData.Ry(angles[q]), q);
            b.Measure(q, q);
        }
        const int shots = 100_000;
        var counts = new Simulator(new SimulationOptions { Precision = precision }).Run(b.Build(), new SimulationRequest { Shots = shots, Seed = 1 }).Counts!;
        Assert.Equal(shots, counts.Shots);
        var chi2 = 0.0;
        for (var x = 0UL; x < 8; x++)
        {
            var p = 1.0;
            for (var q = 0; q < 3; q++)
            {
                var p1 = Math.Pow(Math.Sin(angles[q] / 2), 2);
                p *= ((x >> q) & 1) != 0 ? p1 : 1 - p1;
            }
            var observed = counts.ToUInt64Keys().GetValueOrDefault(x);
            chi2 += Math.Pow(observed - (shots * p), 2) / (shots * p);
        }
        Assert.True(chi2 < 38.9, $"χ² = {chi2:F1}");
    }

    [Fact]
    public void Sample_SameSeed_SameCountsDifferentSeed_Different()
    {
        var circuit = RandomCircuits.ToCircuit(8, RandomCircuits.Gates(8, 50, new Random(3)), 8);
        var b = new CircuitBuilder(8, 8);
        foreach (var op in circuit.Operations)
        {
            b.Add(op);
        }
        for (var q = 0; q < 8; q++)
        {
            b.Measure(q, q);
        }
        var measured = b.Build();
        var simulator = new Simulator();
        var a = simulator.Run(measured, new SimulationRequest { Shots = 5000, Seed = 42 }).Counts!.ToUInt64Keys();
        var again = simulator.Run(measured, new SimulationRequest { Shots = 5000, Seed = 42 }).Counts!.ToUInt64Keys();
        var other = simulator.Run(measured, new SimulationRequest { Shots = 5000, Seed = 43 }).Counts!.ToUInt64Keys();
        Assert.Equal(a.OrderBy(kv => kv.Key), again.OrderBy(kv => kv.Key));
        Assert.NotEqual(a.OrderBy(kv => kv.Key), other.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Counts_TwoRegisters_UseQiskitKeys()
    {
        // X on q0 and q2; a = [q0, q1], b = [q2]: memory a = 01 (a[0] = 1), b = 1 → key "1 01".
        var b = new CircuitBuilder(3);
        b.AddClassicalRegister("a", 2);
        b.AddClassicalRegister("b", 1);
        b.Gate("x", TestData.X, 0);
        b.Gate("x", TestData.X, 2);
        b.Measure(0, 0);
        b.Measure(1, 1);
        b.Measure(2, 2);
        var circuit = b.Build();
        var counts = new Simulator().Run(circuit, new SimulationRequest { Shots = 10 }).Counts!;
        var keys = counts.ToQiskitKeys(circuit);
        Assert.Equal(10, keys["1 01"]);
        Assert.Equal(5UL, Assert.Single(counts.ToUInt64Keys()).Key);
        Assert.Equal("101", counts.Format(v => v.ToBitString(3)).Single().Key);
    }

    [Fact]
    public void SampleBasisStates_Shard_ReturnsGlobalIndicesOfItsSupport()
    {
        using var shard = VolunteerQuantum.Simulation.StateSpace.StateVector.CreateShard(3, 2, 2);
        shard.SetAmplitude(1, new Complex(0.6, 0));
        shard.SetAmplitude(6, new Complex(0, 0.8));
        var draws = new Simulator().SampleBasisStates(shard, 10_000, 3);
        Assert.Equal(new[] { (2L << 3) + 1, (2L << 3) + 6 }, draws.Select(d => d.GlobalIndex));
        Assert.Equal(10_000, draws.Sum(d => d.Count));
        Assert.InRange(draws[0].Count, 3600 - 245, 3600 + 245); // 5σ of Binomial(10⁴, 0.36)
    }

    [Fact]
    public void Sample_UnmeasuredCircuit_CountsEmptyKey()
    {
        var circuit = new CircuitBuilder(2).Gate("h", TestData.H, 0).Build();
        var counts = new Simulator().Run(circuit, new SimulationRequest { Shots = 7 }).Counts!;
        Assert.Equal(7, counts.ToQiskitKeys(circuit)[""]);
    }
}
