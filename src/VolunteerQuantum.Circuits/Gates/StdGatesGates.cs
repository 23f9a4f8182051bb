using System.Numerics;

namespace VolunteerQuantum.Circuits.Gates;

/// <summary>
/// The gates of the OpenQASM 3 standard library (stdgates.inc, as the current specification defines
/// it), each exactly as its body composes with the specification's U and gphase. The named gates are
/// the textbook matrices (x = X, h = H, rz = exp(−iθZ/2), ch = controlled-H, ...); only u2 and u3
/// carry a phase e^{−i(φ+λ)/2} relative to OpenQASM 2's U.
/// </summary>
internal static class StdGatesGates
{
    public static StandardGateLibrary Create() => new("stdgates.inc",
    [
        new("p", 1, 1, p => new(StandardGates.Phase(p[0]))),
        new("x", 0, 1, _ => new(StandardGates.X)),
        new("y", 0, 1, _ => new(StandardGates.Y)),
        new("z", 0, 1, _ => new(StandardGates.Z)),
        new("h", 0, 1, _ => new(StandardGates.H)),
        new("s", 0, 1, _ => new(StandardGates.S)),
        new("sdg", 0, 1, _ => new(StandardGates.Sdg)),
        new("t", 0, 1, _ => new(StandardGates.T)),
        new("tdg", 0, 1, _ => new(StandardGates.Tdg)),
        new("sx", 0, 1, _ => new(StandardGates.SX)),
        new("rx", 1, 1, p => new(StandardGates.RX(p[0]))),
        new("ry", 1, 1, p => new(StandardGates.RY(p[0]))),
        new("rz", 1, 1, p => new(StandardGates.RZ(p[0]))),
        new("cx", 0, 2, _ => new(StandardGates.X, 1)),
        new("cy", 0, 2, _ => new(StandardGates.Y, 1)),
        new("cz", 0, 2, _ => new(StandardGates.Z, 1)),
        new("cp", 1, 2, p => new(StandardGates.Phase(p[0]), 1)),
        new("crx", 1, 2, p => new(StandardGates.RX(p[0]), 1)),
        new("cry", 1, 2, p => new(StandardGates.RY(p[0]), 1)),
        new("crz", 1, 2, p => new(StandardGates.RZ(p[0]), 1)),
        new("ch", 0, 2, _ => new(StandardGates.H, 1)),
        new("swap", 0, 2, _ => new(StandardGates.Swap)),
        new("ccx", 0, 3, _ => new(StandardGates.X, 2)),
        new("cswap", 0, 3, _ => new(StandardGates.Swap, 1)),
        new("cu", 4, 2, p => new(StandardGates.U(p[0], p[1], p[2]).Scale(Complex.FromPolarCoordinates(1, p[3])), 1)),
        new("CX", 0, 2, _ => new(StandardGates.X, 1)),
        new("phase", 1, 1, p => new(StandardGates.Phase(p[0]))),
        new("cphase", 1, 2, p => new(StandardGates.Phase(p[0]), 1)),
        new("id", 0, 1, _ => new(StandardGates.Identity)),
        new("u1", 1, 1, p => new(StandardGates.Phase(p[0]))),
        new("u2", 2, 1, p => new(UWithPhase(Math.PI / 2, p[0], p[1]))),
        new("u3", 3, 1, p => new(UWithPhase(p[0], p[1], p[2]))),
    ]);

    /// <summary>e^{−i(φ+λ)/2}·U_OQ2(θ, φ, λ), what stdgates' u2/u3 compose to.</summary>
    private static GateMatrix UWithPhase(double theta, double phi, double lambda)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        var half = (phi + lambda) / 2;
        return GateMatrix.OneQubit(
            Complex.FromPolarCoordinates(c, -half),
            -Complex.FromPolarCoordinates(s, lambda - half),
            Complex.FromPolarCoordinates(s, phi - half),
            Complex.FromPolarCoordinates(c, half));
    }
}
