using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;
using VolunteerQuantum.Grid.Verification;

namespace VolunteerQuantum.Grid.Tests;

public sealed class ResultInvariantsTests
{
    private static readonly WorkUnitSpec Unit = new()
    {
        Index = 0,
        Kind = UnitKind.Whole,
        MemoryBytes = 64,
        Cost = 1,
        GateCount = 2,
        Whole = new WholeUnitSpec { Shots = 10, WantsState = true, Amplitudes = ["00"], Observables = ["Z0"] },
    };

    private static readonly UnitResult Good = new()
    {
        Counts = new Dictionary<string, long> { ["01 1"] = 4, ["10 0"] = 6 },
        Amplitudes = new Dictionary<string, Complex> { ["00"] = new(0.7, 0) },
        Expectations = new Dictionary<string, double> { ["Z0"] = 0.1 },
        Sketches = [new Complex(0.2, 0.1)],
        NormSquared = 1,
    };

    private static string? Check(UnitResult r) => ResultInvariants.Violation(Unit, r, [2, 1], 1e-14);

    [Fact]
    public void HonestResult_Passes() => Assert.Null(Check(Good));

    [Fact]
    public void CountsNotAddingUpToTheShots_Rejected() =>
        Assert.Contains("not the 10 shots", Check(Good with { Counts = new Dictionary<string, long> { ["01 1"] = 4 } }), StringComparison.Ordinal);

    [Theory]
    [InlineData("011")]
    [InlineData("01 2")]
    [InlineData("01  1")]
    public void MalformedCountsKey_Rejected(string key) =>
        Assert.Contains("malformed counts key", Check(Good with { Counts = new Dictionary<string, long> { [key] = 10 } }), StringComparison.Ordinal);

    [Fact]
    public void NaNOrInfinity_Rejected()
    {
        Assert.NotNull(Check(Good with { Amplitudes = new Dictionary<string, Complex> { ["00"] = new(double.NaN, 0) } }));
        Assert.NotNull(Check(Good with { Expectations = new Dictionary<string, double> { ["Z0"] = double.PositiveInfinity } }));
        Assert.NotNull(Check(Good with { Sketches = [new Complex(double.NaN, 0)] }));
    }

    [Fact]
    public void StateWhoseNormIsNotOne_Rejected() =>
        Assert.Contains("norm²", Check(Good with { NormSquared = 1.001 }), StringComparison.Ordinal);

    [Fact]
    public void MissingOrExtraOutputs_Rejected()
    {
        Assert.NotNull(Check(Good with { Amplitudes = new Dictionary<string, Complex>() }));
        Assert.NotNull(Check(Good with { Expectations = new Dictionary<string, double> { ["Z0"] = 0, ["Z1"] = 0 } }));
    }
}
