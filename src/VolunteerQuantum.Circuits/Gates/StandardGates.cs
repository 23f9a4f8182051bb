using System.Numerics;

namespace VolunteerQuantum.Circuits.Gates;

/// <summary>
/// Matrices of the common gates, written in closed form. Entries that are mathematically zero are
/// exact zeros, so that diagonal gates report <see cref="GateMatrix.IsDiagonal"/> and permutation
/// gates stay sparse. Which phase convention a named gate uses is decided by the include file that
/// defines it (<see cref="Qelib1Gates"/>, <see cref="StdGatesGates"/>), not here.
/// </summary>
public static class StandardGates
{
    private static readonly double InverseSqrt2 = 1 / Math.Sqrt(2);

    public static GateMatrix Identity { get; } = GateMatrix.Identity(1);

    public static GateMatrix X { get; } = GateMatrix.OneQubit(0, 1, 1, 0);

    public static GateMatrix Y { get; } = GateMatrix.OneQubit(0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0);

    public static GateMatrix Z { get; } = GateMatrix.Diagonal([1, -1]);

    public static GateMatrix H { get; } = GateMatrix.OneQubit(InverseSqrt2, InverseSqrt2, InverseSqrt2, -InverseSqrt2);

    public static GateMatrix S { get; } = GateMatrix.Diagonal([1, Complex.ImaginaryOne]);

    public static GateMatrix Sdg { get; } = GateMatrix.Diagonal([1, -Complex.ImaginaryOne]);

    public static GateMatrix T { get; } = GateMatrix.Diagonal([1, new Complex(InverseSqrt2, InverseSqrt2)]);

    public static GateMatrix Tdg { get; } = GateMatrix.Diagonal([1, new Complex(InverseSqrt2, -InverseSqrt2)]);

    /// <summary>√X with Qiskit's phase: ½[[1+i, 1−i], [1−i, 1+i]] (its square is exactly X).</summary>
    public static GateMatrix SX { get; } = GateMatrix.OneQubit(new(0.5, 0.5), new(0.5, -0.5), new(0.5, -0.5), new(0.5, 0.5));

    /// <summary>The adjoint of <see cref="SX"/>.</summary>
    public static GateMatrix SXdg { get; } = SX.Adjoint();

    /// <summary>Swap of two qubits (a 4×4 permutation).</summary>
    public static GateMatrix Swap { get; } = Permutation(2, [0, 2, 1, 3]);

    /// <summary>
    /// The OpenQASM 2 / Qiskit U gate: [[cos(θ/2), −e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]].
    /// </summary>
    public static GateMatrix U(double theta, double phi, double lambda)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return GateMatrix.OneQubit(
            c,
            -Complex.FromPolarCoordinates(s, lambda),
            Complex.FromPolarCoordinates(s, phi),
            Complex.FromPolarCoordinates(c, phi + lambda));
    }

    /// <summary>diag(1, e^{iλ}): OpenQASM 2's u1/p/rz, OpenQASM 3's p/phase/u1.</summary>
    public static GateMatrix Phase(double lambda) => GateMatrix.Diagonal([1, Complex.FromPolarCoordinates(1, lambda)]);

    /// <summary>exp(−iθX/2).</summary>
    public static GateMatrix RX(double theta)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return GateMatrix.OneQubit(c, new Complex(0, -s), new Complex(0, -s), c);
    }

    /// <summary>exp(−iθY/2).</summary>
    public static GateMatrix RY(double theta)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return GateMatrix.OneQubit(c, -s, s, c);
    }

    /// <summary>exp(−iθZ/2) = diag(e^{−iθ/2}, e^{iθ/2}).</summary>
    public static GateMatrix RZ(double theta) =>
        GateMatrix.Diagonal([Complex.FromPolarCoordinates(1, -theta / 2), Complex.FromPolarCoordinates(1, theta / 2)]);

    /// <summary>exp(−iθ X⊗X/2).</summary>
    public static GateMatrix RXX(double theta)
    {
        var c = new Complex(Math.Cos(theta / 2), 0);
        var s = new Complex(0, -Math.Sin(theta / 2));
        return new GateMatrix(2, [
            c, 0, 0, s,
            0, c, s, 0,
            0, s, c, 0,
            s, 0, 0, c,
        ]);
    }

    /// <summary>diag(1, e^{iθ}, e^{iθ}, 1): a phase e^{iθ} when the two qubits differ.</summary>
    public static GateMatrix ZZPhase(double theta)
    {
        var p = Complex.FromPolarCoordinates(1, theta);
        return GateMatrix.Diagonal([1, p, p, 1]);
    }

    /// <summary>A 0-qubit (1×1) matrix: the global phase e^{iγ}.</summary>
    public static GateMatrix GlobalPhase(double gamma) => new(0, [Complex.FromPolarCoordinates(1, gamma)]);

    /// <summary>
    /// The full matrix of <paramref name="target"/> controlled by <paramref name="controls"/> qubits that
    /// occupy the LOW index bits (qubit arguments come controls first), times a global phase.
    /// Used only where a gate's definition is a controlled gate up to a phase on every branch.
    /// </summary>
    public static GateMatrix ControlledFull(GateMatrix target, int controls, Complex globalPhase)
    {
        ArgumentNullException.ThrowIfNull(target);
        var k = target.QubitCount + controls;
        var dim = 1 << k;
        var mask = (1 << controls) - 1;
        var e = new Complex[dim * dim];
        for (var c = 0; c < dim; c++)
        {
            if ((c & mask) != mask)
            {
                e[(c * dim) + c] = globalPhase;
                continue;
            }
            var tc = c >> controls;
            for (var tr = 0; tr < target.Dimension; tr++)
            {
                var r = (tr << controls) | mask;
                e[(r * dim) + c] = globalPhase * target[tr, tc];
            }
        }
        return new GateMatrix(k, e);
    }

    /// <summary>A permutation matrix sending basis state j to <paramref name="image"/>[j].</summary>
    private static GateMatrix Permutation(int qubits, int[] image)
    {
        var dim = 1 << qubits;
        var e = new Complex[dim * dim];
        for (var j = 0; j < dim; j++)
        {
            e[(image[j] * dim) + j] = 1;
        }
        return new GateMatrix(qubits, e);
    }
}
