using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Dynamic;

/// <summary>
/// Dynamic circuits, 20,000 shots each. A single probability is checked within 5σ of the binomial
/// (σ = √(p(1−p)/N); a false failure has probability below 6·10⁻⁷); a joint distribution by χ² below
/// the 1 − 10⁻⁶ quantile.
/// </summary>
public sealed class BranchingTests
{
    private const int Shots = 20_000;

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void Teleport_OutputQubit_HasTeleportedDistribution(Precision precision)
    {
        const double theta = 1.1;
        var circuit = TestCircuits.Teleport(theta);
        var result = new Simulator(new SimulationOptions { Precision = precision }).Run(circuit, new SimulationRequest { Shots = Shots, Seed = 7 });
        var counts = result.Counts!.ToUInt64Keys();
        Assert.True(result.IsDynamic);
        Assert.InRange(result.Branches, 1, 8);
        AssertProbability(Math.Pow(Math.Sin(theta / 2), 2), counts.Where(kv => (kv.Key & 4) != 0).Sum(kv => kv.Value));
        AssertProbability(0.5, counts.Where(kv => (kv.Key & 1) != 0).Sum(kv => kv.Value));
        AssertProbability(0.5, counts.Where(kv => (kv.Key & 2) != 0).Sum(kv => kv.Value));
        var keys = result.Counts.ToQiskitKeys(circuit);
        Assert.All(keys.Keys, k => Assert.Matches("^[01] [01] [01]$", k));
    }

    [Fact]
    public void MeasureResetMeasure_SecondMeasurementAlwaysZero()
    {
        var counts = new Simulator().Run(TestCircuits.MeasureResetMeasure(), new SimulationRequest { Shots = Shots, Seed = 3 }).Counts!.ToUInt64Keys();
        Assert.All(counts.Keys, k => Assert.Equal(0UL, k & 2));
        AssertProbability(0.5, counts.GetValueOrDefault(1UL));
    }

    [Fact]
    public void MeasureIfRotate_JointDistributionMatchesExact()
    {
        const double theta = 2.0;
        const double phi = 0.8;
        var counts = new Simulator().Run(TestCircuits.MeasureIfRotate(theta, phi), new SimulationRequest { Shots = Shots, Seed = 11 }).Counts!.ToUInt64Keys();
        // c2 (bit 2) copies c0 (bit 0) through the if.
        Assert.All(counts.Keys, k => Assert.Equal((k >> 2) & 1, k & 1));
        var p0 = Math.Pow(Math.Sin(theta / 2), 2);
        var exact = new Dictionary<ulong, double>
        {
            [0b000] = (1 - p0) * Math.Pow(Math.Cos(phi / 2), 2),
            [0b010] = (1 - p0) * Math.Pow(Math.Sin(phi / 2), 2),
            [0b101] = p0 * Math.Pow(Math.Sin(phi / 2), 2),
            [0b111] = p0 * Math.Pow(Math.Cos(phi / 2), 2),
        };
        var chi2 = exact.Sum(kv => Math.Pow(counts.GetValueOrDefault(kv.Key) - (Shots * kv.Value), 2) / (Shots * kv.Value));
        Assert.True(chi2 < 30.7, $"χ² = {chi2:F1}");
    }

    [Fact]
    public void Dynamic_SameSeedAnyThreadCount_SameCounts()
    {
        var circuit = TestCircuits.Teleport(0.7);
        var one = new Simulator(new SimulationOptions { Threads = 1 }).Run(circuit, new SimulationRequest { Shots = 2000, Seed = 9 }).Counts!.ToUInt64Keys();
        var two = new Simulator(new SimulationOptions { Threads = 2 }).Run(circuit, new SimulationRequest { Shots = 2000, Seed = 9 }).Counts!.ToUInt64Keys();
        Assert.Equal(one.OrderBy(kv => kv.Key), two.OrderBy(kv => kv.Key));
    }

    private static void AssertProbability(double p, long hits)
    {
        var sigma = Math.Sqrt(p * (1 - p) / Shots);
        var observed = (double)hits / Shots;
        Assert.True(Math.Abs(observed - p) <= 5 * sigma, $"observed {observed:F4}, expected {p:F4} ± {5 * sigma:F4}");
    }
}
