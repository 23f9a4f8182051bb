using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Verification;

namespace VolunteerQuantum.Grid.Tests;

public sealed class ResultComparerTests
{
    [Theory]
    [InlineData(1, false, 64 * 1.1102230246251565e-16)]
    [InlineData(10_000, false, 1000 * 1.1102230246251565e-16)]
    [InlineData(100, true, 100 * 5.9604644775390625e-08)]
    public void Tolerance_IsMax64Or10RootGTimesEpsilon(int gates, bool singlePrecision, double expected) =>
        Assert.True(Math.Abs(expected - FloatTolerance.ForGates(gates, singlePrecision)) <= expected * 1e-12);

    [Fact]
    public void Amplitudes_WithinTolerance_Agree_BeyondIt_Differ()
    {
        var tolerance = FloatTolerance.ForGates(100, false);
        var comparer = new ResultComparer(tolerance);
        var a = new UnitResult { Amplitudes = new Dictionary<string, Complex> { ["00"] = new(0.6, 0), ["11"] = new(0, 0.8) } };
        var near = a with { Amplitudes = new Dictionary<string, Complex> { ["00"] = new(0.6 + (tolerance / 2), 0), ["11"] = new(0, 0.8) } };
        var far = a with { Amplitudes = new Dictionary<string, Complex> { ["00"] = new(0.6 + (tolerance * 2), 0), ["11"] = new(0, 0.8) } };
        Assert.True(comparer.Agree(a, near));
        Assert.False(comparer.Agree(a, far));
        Assert.Contains("amplitudes differ", comparer.Difference(a, far), StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_MustMatchExactly()
    {
        var comparer = new ResultComparer(1e-12);
        var a = new UnitResult { Counts = new Dictionary<string, long> { ["0"] = 5, ["1"] = 5 } };
        Assert.True(comparer.Agree(a, a with { Counts = new Dictionary<string, long> { ["1"] = 5, ["0"] = 5 } }));
        Assert.False(comparer.Agree(a, a with { Counts = new Dictionary<string, long> { ["0"] = 4, ["1"] = 6 } }));
        Assert.False(comparer.Agree(a, a with { Counts = new Dictionary<string, long> { ["0"] = 5, ["2"] = 5 } }));
    }

    [Fact]
    public void Expectations_ToleranceScalesWithTheObservablesWeight()
    {
        var tolerance = 1e-14;
        var heavy = new ResultComparer(tolerance, new Dictionary<string, double> { ["100*Z0"] = 100 });
        var a = new UnitResult { Expectations = new Dictionary<string, double> { ["100*Z0"] = 50 } };
        var b = a with { Expectations = new Dictionary<string, double> { ["100*Z0"] = 50 + (100 * tolerance) } };
        Assert.True(heavy.Agree(a, b));
        Assert.False(new ResultComparer(tolerance).Agree(a, b));
    }

    [Fact]
    public void Sketches_ComparedWithinSixTolerances()
    {
        var comparer = new ResultComparer(1e-14);
        var a = new UnitResult { Sketches = [new Complex(0.3, 0.1)], NormSquared = 1 };
        Assert.True(comparer.Agree(a, a with { Sketches = [new Complex(0.3 + 5e-14, 0.1)] }));
        Assert.False(comparer.Agree(a, a with { Sketches = [new Complex(0.3 + 1e-12, 0.1)] }));
    }
}
