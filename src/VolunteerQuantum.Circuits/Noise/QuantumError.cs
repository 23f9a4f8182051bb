using System.Numerics;
using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// A noise channel in Qiskit Aer's form: a mixture of <see cref="Terms"/>, each applied with its
/// probability. The mixture's probabilities never depend on the state, so a trajectory draws a term
/// with one random number; only <see cref="KrausStep"/>s and <see cref="ResetStep"/>s inside a term
/// need the state. <see cref="ToKraus"/> gives the equivalent Kraus operators (the density-matrix method
/// and the tests use them).
/// </summary>
public sealed class QuantumError
{
    /// <summary>Probabilities must be non-negative and sum to 1 within this.</summary>
    public const double ProbabilityTolerance = 1e-10;

    public QuantumError(string name, int qubitCount, IReadOnlyList<ErrorTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(terms);
        if (qubitCount is < 1 or > GateMatrix.MaxQubits)
        {
            throw new NoiseModelException($"error '{name}': {qubitCount} qubits (1 to {GateMatrix.MaxQubits} allowed)");
        }
        if (terms.Count == 0)
        {
            throw new NoiseModelException($"error '{name}' has no terms");
        }
        foreach (var term in terms)
        {
            if (!double.IsFinite(term.Probability) || term.Probability < -ProbabilityTolerance)
            {
                throw new NoiseModelException($"error '{name}': probability {term.Probability} is not in [0, 1]");
            }
            foreach (var step in term.Steps)
            {
                if (step.Qubits.Any(q => q < 0 || q >= qubitCount) || step.Qubits.Distinct().Count() != step.Qubits.Count)
                {
                    throw new NoiseModelException($"error '{name}' on {qubitCount} qubit(s) has a step on qubits [{string.Join(", ", step.Qubits)}]");
                }
                var width = step switch
                {
                    UnitaryStep u => u.Matrix.QubitCount,
                    KrausStep k => k.Channel.QubitCount,
                    _ => 1,
                };
                if (width != step.Qubits.Count)
                {
                    throw new NoiseModelException($"error '{name}' has a {width}-qubit step on {step.Qubits.Count} qubit(s)");
                }
                if (step is UnitaryStep unitary && unitary.Matrix.UnitarityError() > KrausChannel.CompletenessTolerance)
                {
                    throw new NoiseModelException($"error '{name}' has a unitary step that is not unitary (|U·U† − I| = {unitary.Matrix.UnitarityError():G3})");
                }
            }
        }
        var total = terms.Sum(t => t.Probability);
        if (Math.Abs(total - 1) > ProbabilityTolerance)
        {
            throw new NoiseModelException($"error '{name}': the probabilities of its terms sum to {total:R}, not 1");
        }
        Name = name;
        QubitCount = qubitCount;
        // Terms that never happen are dropped, so a trajectory never draws them.
        Terms = terms.Where(t => t.Probability > 0).Select(t => t with { Probability = Math.Max(0, t.Probability) }).ToArray();
    }

    /// <summary>For messages and reports ("depolarizing(0.01)", "thermal_relaxation", an Aer id).</summary>
    public string Name { get; }

    public int QubitCount { get; }

    public IReadOnlyList<ErrorTerm> Terms { get; }

    /// <summary>True when every term is unitary: a trajectory never needs a norm for it.</summary>
    public bool IsUnitaryMixture => Terms.All(t => t.IsUnitary);

    /// <summary>A single-term error from a Kraus channel; a unitary mixture becomes one term per unitary.</summary>
    public static QuantumError FromKraus(string name, KrausChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var qubits = Enumerable.Range(0, channel.QubitCount).ToArray();
        var mixture = channel.AsUnitaryMixture();
        if (mixture is not null)
        {
            return new QuantumError(name, channel.QubitCount, mixture.Select(m => new ErrorTerm(m.Probability, [new UnitaryStep(m.Unitary, qubits)])).ToArray());
        }
        return new QuantumError(name, channel.QubitCount, [new ErrorTerm(1, [new KrausStep(channel, qubits)])]);
    }

    /// <summary>This error, then <paramref name="next"/> on the same qubits (Aer's compose).</summary>
    public QuantumError Then(QuantumError next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.QubitCount != QubitCount)
        {
            throw new NoiseModelException($"cannot compose the {QubitCount}-qubit error '{Name}' with the {next.QubitCount}-qubit error '{next.Name}'");
        }
        var terms = Terms.SelectMany(a => next.Terms.Select(b => new ErrorTerm(a.Probability * b.Probability, [.. a.Steps, .. b.Steps]))).ToArray();
        return new QuantumError($"{Name}·{next.Name}", QubitCount, terms);
    }

    /// <summary>The Kraus operators of the whole error (√p of each term times the product of its steps' operators).</summary>
    public KrausChannel ToKraus()
    {
        var operators = new List<GateMatrix>();
        foreach (var term in Terms)
        {
            var branch = new List<GateMatrix> { GateMatrix.Identity(QubitCount).Scale(Math.Sqrt(term.Probability)) };
            foreach (var step in term.Steps)
            {
                var stepOperators = step switch
                {
                    UnitaryStep u => [u.Matrix],
                    KrausStep k => k.Channel.Operators,
                    ResetStep => ResetOperators,
                    _ => throw new NotSupportedException(step.GetType().Name),
                };
                branch = branch.SelectMany(b => stepOperators.Select(k => MatrixEmbedding.Embed(k, step.Qubits, QubitCount).Multiply(b))).ToList();
            }
            operators.AddRange(branch.Where(k => !k.IsZero));
        }
        return new KrausChannel(operators);
    }

    /// <summary>|0⟩⟨0| and |0⟩⟨1|: reset as a channel.</summary>
    public static IReadOnlyList<GateMatrix> ResetOperators { get; } =
    [
        GateMatrix.OneQubit(1, 0, 0, 0),
        GateMatrix.OneQubit(0, 1, 0, 0),
    ];

    public override string ToString() => Name;
}
