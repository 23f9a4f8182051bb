using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Model;

/// <summary>
/// A unitary gate: <see cref="Matrix"/> acts on <see cref="Targets"/> (Targets[0] = least significant
/// matrix index bit) when every control qubit holds its control value (true = |1⟩, false = |0⟩ for
/// OpenQASM 3's negctrl). A gate with no targets is a global phase (a 1×1 matrix).
/// </summary>
public sealed record GateOperation : Operation
{
    public GateOperation(string name, GateMatrix matrix, IReadOnlyList<int> targets, IReadOnlyList<int>? controls = null, IReadOnlyList<bool>? controlValues = null, IReadOnlyList<double>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(targets);
        if (matrix.QubitCount != targets.Count)
        {
            throw new ArgumentException($"gate '{name}' has a {matrix.QubitCount}-qubit matrix but {targets.Count} targets", nameof(targets));
        }
        controls ??= [];
        controlValues ??= Enumerable.Repeat(true, controls.Count).ToArray();
        if (controlValues.Count != controls.Count)
        {
            throw new ArgumentException("one control value per control", nameof(controlValues));
        }
        var all = targets.Concat(controls).ToArray();
        if (all.Distinct().Count() != all.Length)
        {
            throw new ArgumentException($"gate '{name}' uses a qubit twice", nameof(targets));
        }
        Name = name;
        Matrix = matrix;
        Targets = targets.ToArray();
        Controls = controls.ToArray();
        ControlValues = controlValues.ToArray();
        Parameters = parameters?.ToArray() ?? [];
        _qubits = all;
    }

    private readonly int[] _qubits;

    /// <summary>Name for display (e.g. "cx", "u3"); semantics come only from the matrix and controls.</summary>
    public string Name { get; }

    public GateMatrix Matrix { get; }

    public IReadOnlyList<int> Targets { get; }

    public IReadOnlyList<int> Controls { get; }

    public IReadOnlyList<bool> ControlValues { get; }

    /// <summary>Evaluated parameters, for display only.</summary>
    public IReadOnlyList<double> Parameters { get; }

    public override IReadOnlyList<int> Qubits => _qubits;

    /// <summary>A diagonal matrix under any controls is diagonal on all its qubits: it never moves amplitudes.</summary>
    public bool IsDiagonal => Matrix.IsDiagonal;
}
