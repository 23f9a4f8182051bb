using System.Numerics;

namespace VolunteerQuantum.Circuits.Gates;

/// <summary>
/// The 42 gates of Qiskit's extended qelib1.inc, each exactly as its body composes down to
/// OpenQASM 2's U and CX (phases included). Where the composition is a controlled gate exactly, the
/// gate is returned with controls so the engine can use its controlled kernels; where it differs
/// from one by a phase (ch) or is not one (rxx, rccx, rc3x), the full matrix is returned.
/// </summary>
internal static class Qelib1Gates
{
    private static readonly double InverseSqrt2 = 1 / Math.Sqrt(2);

    // sdg; h; sdg = e^{−iπ/4}·√X, and s; h; s = e^{iπ/4}·√X†: not Qiskit's SX matrices.
    private static readonly GateMatrix Sx = GateMatrix.OneQubit(InverseSqrt2, new(0, -InverseSqrt2), new(0, -InverseSqrt2), InverseSqrt2);
    private static readonly GateMatrix Sxdg = GateMatrix.OneQubit(InverseSqrt2, new(0, InverseSqrt2), new(0, InverseSqrt2), InverseSqrt2);

    // The body of ch leaves a phase e^{iπ/4} on both control branches.
    private static readonly GateMatrix Ch = StandardGates.ControlledFull(StandardGates.H, 1, new Complex(InverseSqrt2, InverseSqrt2));

    private static readonly GateMatrix Rccx = Sparse(3, (0, 0, 1), (1, 1, 1), (2, 2, 1), (3, 7, -Complex.ImaginaryOne),
        (4, 4, 1), (5, 5, -1), (6, 6, 1), (7, 3, Complex.ImaginaryOne));

    private static readonly GateMatrix Rc3x = Sparse(4, (0, 0, 1), (1, 1, 1), (2, 2, 1), (3, 3, Complex.ImaginaryOne),
        (4, 4, 1), (5, 5, 1), (6, 6, 1), (7, 15, 1), (8, 8, 1), (9, 9, 1), (10, 10, 1), (11, 11, -Complex.ImaginaryOne),
        (12, 12, 1), (13, 13, 1), (14, 14, 1), (15, 7, -1));

    public static StandardGateLibrary Create() => new("qelib1.inc",
    [
        new("u3", 3, 1, p => new(StandardGates.U(p[0], p[1], p[2]))),
        new("u2", 2, 1, p => new(StandardGates.U(Math.PI / 2, p[0], p[1]))),
        new("u1", 1, 1, p => new(StandardGates.Phase(p[0]))),
        new("cx", 0, 2, _ => new(StandardGates.X, 1)),
        new("id", 0, 1, _ => new(StandardGates.Identity)),
        new("u0", 1, 1, _ => new(StandardGates.Identity)),
        new("u", 3, 1, p => new(StandardGates.U(p[0], p[1], p[2]))),
        new("p", 1, 1, p => new(StandardGates.Phase(p[0]))),
        new("x", 0, 1, _ => new(StandardGates.X)),
        new("y", 0, 1, _ => new(StandardGates.Y)),
        new("z", 0, 1, _ => new(StandardGates.Z)),
        new("h", 0, 1, _ => new(StandardGates.H)),
        new("s", 0, 1, _ => new(StandardGates.S)),
        new("sdg", 0, 1, _ => new(StandardGates.Sdg)),
        new("t", 0, 1, _ => new(StandardGates.T)),
        new("tdg", 0, 1, _ => new(StandardGates.Tdg)),
        new("rx", 1, 1, p => new(StandardGates.RX(p[0]))),
        new("ry", 1, 1, p => new(StandardGates.RY(p[0]))),
        // qelib1's rz is u1: diag(1, e^{iφ}), not exp(−iφZ/2).
        new("rz", 1, 1, p => new(StandardGates.Phase(p[0]))),
        new("sx", 0, 1, _ => new(Sx)),
        new("sxdg", 0, 1, _ => new(Sxdg)),
        new("cz", 0, 2, _ => new(StandardGates.Z, 1)),
        new("cy", 0, 2, _ => new(StandardGates.Y, 1)),
        new("swap", 0, 2, _ => new(StandardGates.Swap)),
        new("ch", 0, 2, _ => new(Ch)),
        new("ccx", 0, 3, _ => new(StandardGates.X, 2)),
        new("cswap", 0, 3, _ => new(StandardGates.Swap, 1)),
        new("crx", 1, 2, p => new(StandardGates.RX(p[0]), 1)),
        new("cry", 1, 2, p => new(StandardGates.RY(p[0]), 1)),
        // rz(λ/2); cx; rz(−λ/2); cx leaves diag(e^{−iλ/2}, e^{iλ/2}) on the controlled branch.
        new("crz", 1, 2, p => new(StandardGates.RZ(p[0]), 1)),
        new("cu1", 1, 2, p => new(StandardGates.Phase(p[0]), 1)),
        new("cp", 1, 2, p => new(StandardGates.Phase(p[0]), 1)),
        new("cu3", 3, 2, p => new(StandardGates.U(p[0], p[1], p[2]), 1)),
        new("csx", 0, 2, _ => new(StandardGates.SX, 1)),
        new("cu", 4, 2, p => new(StandardGates.U(p[0], p[1], p[2]).Scale(Complex.FromPolarCoordinates(1, p[3])), 1)),
        // The body composes to e^{−iθ/2}·exp(−iθXX/2).
        new("rxx", 1, 2, p => new(StandardGates.RXX(p[0]).Scale(Complex.FromPolarCoordinates(1, -p[0] / 2)))),
        new("rzz", 1, 2, p => new(StandardGates.ZZPhase(p[0]))),
        new("rccx", 0, 3, _ => new(Rccx)),
        new("rc3x", 0, 4, _ => new(Rc3x)),
        new("c3x", 0, 4, _ => new(StandardGates.X, 3)),
        new("c3sqrtx", 0, 4, _ => new(StandardGates.SX, 3)),
        new("c4x", 0, 5, _ => new(StandardGates.X, 4)),
    ]);

    private static GateMatrix Sparse(int qubits, params (int Row, int Column, Complex Value)[] entries)
    {
        var dim = 1 << qubits;
        var e = new Complex[dim * dim];
        foreach (var (row, column, value) in entries)
        {
            e[(row * dim) + column] = value;
        }
        return new GateMatrix(qubits, e);
    }
}
