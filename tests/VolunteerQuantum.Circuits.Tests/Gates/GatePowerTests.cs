using System.Numerics;
using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Tests.Gates;

public sealed class GatePowerTests
{
    [Fact]
    public void TryReal_SquareRootOfZ_IsS()
    {
        Assert.True(GatePower.TryReal(StandardGates.Z, 0.5, out var root));

        Assert.True(root.IsDiagonal);
        Assert.True(root.ApproximatelyEquals(StandardGates.S, 1e-15));
    }

    [Fact]
    public void TryReal_SquareRootOfX_IsQiskitSX()
    {
        Assert.True(GatePower.TryReal(StandardGates.X, 0.5, out var root));

        Assert.True(root.ApproximatelyEquals(StandardGates.SX, 1e-15));
    }

    [Theory]
    [InlineData(1e-17)]
    [InlineData(-1e-17)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public void Principal_MinusOneWithRoundingNoise_TakesPositiveImaginaryRoot(double noise)
    {
        // NaN stands for negative zero, which InlineData cannot tell apart from zero.
        var root = GatePower.Principal(new Complex(-1, double.IsNaN(noise) ? -0.0 : noise), 0.5);

        Assert.True(Complex.Abs(root - Complex.ImaginaryOne) < 1e-12);
    }

    [Theory]
    [InlineData(0.3, 1.1, -0.7, 0.5)]
    [InlineData(2.9, -2.0, 0.4, 1.0 / 3)]
    [InlineData(1.0, 0.0, 0.0, -0.25)]
    public void TryReal_OneQubitUnitary_PowersCompose(double theta, double phi, double lambda, double k)
    {
        var u = StandardGates.U(theta, phi, lambda);
        var n = (int)Math.Round(1 / Math.Abs(k));

        Assert.True(GatePower.TryReal(u, k, out var root));
        var back = GatePower.Repeated(root, k < 0 ? -n : n);

        Assert.True(back.ApproximatelyEquals(u, 1e-12));
        Assert.True(root.UnitarityError() < 1e-12);
    }

    [Fact]
    public void TryReal_TwoQubitNonDiagonal_IsNotSupported()
    {
        Assert.False(GatePower.TryReal(StandardGates.Swap, 0.5, out _));
    }

    [Fact]
    public void Repeated_NegativeExponent_IsPowerOfInverse()
    {
        var u = StandardGates.U(0.4, 0.2, -1.3);

        var result = GatePower.Repeated(u, -3);

        var expected = u.Adjoint().Multiply(u.Adjoint()).Multiply(u.Adjoint());
        Assert.True(result.ApproximatelyEquals(expected, 1e-14));
        Assert.True(GatePower.Repeated(u, 0).ApproximatelyEquals(GateMatrix.Identity(1), 0));
    }

    [Fact]
    public void TryReal_DiagonalMultiQubit_StaysDiagonal()
    {
        Assert.True(GatePower.TryReal(StandardGates.ZZPhase(0.8), 0.5, out var root));

        Assert.True(root.IsDiagonal);
        Assert.True(root.ApproximatelyEquals(StandardGates.ZZPhase(0.4), 1e-15));
    }
}
