using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// What a volunteer needs to sum Schrödinger–Feynman paths, independent of the QASM parser: the two
/// halves as explicit gate lists (see <see cref="PathHalf"/>). A path picks one term k_j for every
/// cut gate j; its contribution to amplitude x is ⟨x_A|ψ_A(k)⟩·⟨x_B|ψ_B(k)⟩.
/// </summary>
public sealed class PathProgram
{
    /// <summary>The widest circuit a path program can describe (its bitstrings are 64-bit indices).</summary>
    public const int MaxQubits = 62;

    public PathProgram(int qubits, PathHalf a, PathHalf b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(qubits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qubits, MaxQubits);
        var all = a.Qubits.Concat(b.Qubits).Order().ToArray();
        if (a.Qubits.Count == 0 || b.Qubits.Count == 0 || !all.SequenceEqual(Enumerable.Range(0, qubits))
            || !a.Qubits.Order().SequenceEqual(a.Qubits) || !b.Qubits.Order().SequenceEqual(b.Qubits))
        {
            throw new ArgumentException($"the halves' qubits must be sorted, non-empty and split 0..{qubits - 1} between them", nameof(b));
        }
        if (!a.Terms.Select(t => t.Count).SequenceEqual(b.Terms.Select(t => t.Count)))
        {
            throw new ArgumentException("the halves disagree on the cut gates' term counts", nameof(b));
        }
        Qubits = qubits;
        A = a;
        B = b;
        TermsPerCut = a.Terms.Select(t => t.Count).ToArray();
        PathCount = TermsPerCut.Aggregate(1.0, (p, t) => p * t);
    }

    /// <summary>Logical qubits of the whole circuit.</summary>
    public int Qubits { get; }

    public PathHalf A { get; }

    public PathHalf B { get; }

    public IReadOnlyList<int> QubitsA => A.Qubits;

    public IReadOnlyList<int> QubitsB => B.Qubits;

    /// <summary>Number of terms of each cut gate: the radices of a path index (last cut fastest).</summary>
    public IReadOnlyList<int> TermsPerCut { get; }

    /// <summary>Π TermsPerCut (a double: it can exceed 2^64).</summary>
    public double PathCount { get; }

    /// <summary>Half 0 is A, half 1 is B.</summary>
    public PathHalf Half(int half) => half switch
    {
        0 => A,
        1 => B,
        _ => throw new ArgumentOutOfRangeException(nameof(half), half, "half 0 is A, half 1 is B"),
    };

    /// <summary>2^|A| or 2^|B|: the size of one state of that half.</summary>
    public long AmplitudesPerHalfState(int half) => 1L << Half(half).Qubits.Count;

    public byte[] Encode() => PathProgramCodec.Encode(this);

    /// <exception cref="InvalidDataException">The bytes are not a path program of this version.</exception>
    public static PathProgram Decode(ReadOnlySpan<byte> bytes) => PathProgramCodec.Decode(bytes);

    /// <summary>Splits the circuit along <paramref name="plan"/>, decomposing every crossing gate.</summary>
    public static PathProgram Build(Circuit circuit, CutPlan plan) => PathProgramBuilder.Build(circuit, plan);
}
