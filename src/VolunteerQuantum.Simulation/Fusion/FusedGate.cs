using System.Numerics;

namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>
/// One kernel call: what fusion produces and the kernels consume. Matrix index convention as in
/// <see cref="VolunteerQuantum.Circuits.Gates.GateMatrix"/>: m = Σ_j bit(Targets[j]) · 2^j.
/// </summary>
public sealed class FusedGate
{
    public FusedGate(FusedGateKind kind, IReadOnlyList<int> targets, IReadOnlyList<Complex> matrix, IReadOnlyList<int>? controls = null, IReadOnlyList<bool>? controlValues = null, int sourceGateCount = 1)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(matrix);
        var dim = 1 << targets.Count;
        var expected = kind == FusedGateKind.Diagonal ? dim : dim * dim;
        if (matrix.Count != expected)
        {
            throw new ArgumentException($"a {kind} gate on {targets.Count} qubits needs {expected} entries, got {matrix.Count}", nameof(matrix));
        }
        Kind = kind;
        Targets = targets.ToArray();
        Matrix = matrix.ToArray();
        Controls = controls?.ToArray() ?? [];
        ControlValues = controlValues?.ToArray() ?? Enumerable.Repeat(true, Controls.Count).ToArray();
        if (kind != FusedGateKind.Controlled && Controls.Count > 0)
        {
            throw new ArgumentException("only controlled gates have controls", nameof(controls));
        }
        SourceGateCount = sourceGateCount;
    }

    public FusedGateKind Kind { get; }

    public IReadOnlyList<int> Targets { get; }

    /// <summary>Row-major dense matrix, or the diagonal entries for <see cref="FusedGateKind.Diagonal"/>.</summary>
    public IReadOnlyList<Complex> Matrix { get; }

    public IReadOnlyList<int> Controls { get; }

    public IReadOnlyList<bool> ControlValues { get; }

    /// <summary>How many circuit gates this one replaces.</summary>
    public int SourceGateCount { get; }

    public IEnumerable<int> Qubits => Targets.Concat(Controls);

    public override string ToString() =>
        $"{Kind}[{string.Join(',', Targets)}]" + (Controls.Count > 0 ? $" ctrl[{string.Join(',', Controls)}]" : "") + $" ({SourceGateCount} gates)";
}
