using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Observables;

public sealed class PauliSumTests
{
    [Theory]
    [InlineData("Z0 Z1", 1.0)]
    [InlineData("X0 X1", 1.0)]
    [InlineData("Y0 Y1", -1.0)]
    [InlineData("Z0", 0.0)]
    [InlineData("-Z0 Z1", -1.0)]
    [InlineData("0.5*Z0 Z1 + 2 * X0 X1 - Y0 Y1", 3.5)]
    [InlineData("1e-3 * X0 X1", 1e-3)]
    [InlineData("3", 3.0)]
    public void Expectation_BellState_MatchesHandComputed(string observable, double expected)
    {
        foreach (var precision in new[] { Precision.Double, Precision.Single })
        {
            var result = new Simulator(new SimulationOptions { Precision = precision }).Run(TestCircuits.Bell(), new SimulationRequest { Observables = [PauliSum.Parse(observable)] });
            Assert.Equal(expected, result.ExpectationValues[0], precision == Precision.Double ? 1e-14 : 1e-6);
        }
    }

    [Theory]
    [InlineData(Precision.Double, 1e-13)]
    [InlineData(Precision.Single, 2e-6)]
    public void Expectation_RandomStates_MatchBruteForce(Precision precision, double tolerance)
    {
        var rng = new Random(21);
        const int n = 7;
        var amplitudes = TestData.RandomState(n, rng);
        using var state = StateVector.Create(n, precision);
        state.CopyFrom(0, amplitudes);
        var simulator = new Simulator(new SimulationOptions { Precision = precision });
        for (var trial = 0; trial < 40; trial++)
        {
            var text = string.Join(' ', Enumerable.Range(0, n).Where(_ => rng.Next(2) == 0).Select(q => "XYZ"[rng.Next(3)] + q.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var pauli = PauliSum.Parse(text.Length == 0 ? "Z0" : text);
            var actual = simulator.Expectation(state, pauli);
            Assert.Equal(BruteForce(amplitudes, pauli.Terms[0].Pauli), actual, tolerance);
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Z", "qubit index")]
    [InlineData("Z0 Z0", "appears twice")]
    [InlineData("Z0 + ", "expected a term")]
    [InlineData("Q1", "expected a coefficient")]
    [InlineData("Z0 ^ Z1", "expected '+'")]
    [InlineData("Z99", "out of range")]
    public void Parse_BadText_ThrowsNamingTheProblem(string text, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => PauliSum.Parse(text));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Terms_HaveMasksAndCoefficients()
    {
        var sum = PauliSum.Parse("0.5*Z0 + Y1 Y2 - x3");
        Assert.Equal(3, sum.Terms.Count);
        Assert.Equal(new PauliTerm(0.5, new PauliString(0, 1)), sum.Terms[0]);
        Assert.Equal(new PauliString(0b110, 0b110), sum.Terms[1].Pauli);
        Assert.Equal(-1.0, sum.Terms[2].Coefficient);
        Assert.Equal("Y1 Y2", sum.Terms[1].Pauli.ToString());
    }

    private static double BruteForce(Complex[] psi, PauliString p)
    {
        var total = Complex.Zero;
        for (var i = 0; i < psi.Length; i++)
        {
            var j = i ^ (int)p.XMask;
            var phase = Complex.Pow(Complex.ImaginaryOne, p.YCount) * (System.Numerics.BitOperations.PopCount((uint)i & (uint)p.ZMask) % 2 == 0 ? 1 : -1);
            total += Complex.Conjugate(psi[j]) * phase * psi[i];
        }
        return total.Real;
    }
}
