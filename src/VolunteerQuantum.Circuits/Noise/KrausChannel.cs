using System.Numerics;
using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// A completely positive trace-preserving map ρ → Σ Kᵢ ρ Kᵢ† on <see cref="QubitCount"/> qubits, given by
/// its Kraus operators (index convention of <see cref="GateMatrix"/>). Construction checks Σ Kᵢ†Kᵢ = I.
/// </summary>
public sealed class KrausChannel
{
    /// <summary>Largest element of |Σ K†K − I| accepted: round-off of hand-typed or JSON matrices, nothing more.</summary>
    public const double CompletenessTolerance = 1e-10;

    public KrausChannel(IReadOnlyList<GateMatrix> operators)
    {
        ArgumentNullException.ThrowIfNull(operators);
        if (operators.Count == 0)
        {
            throw new NoiseModelException("a Kraus channel needs at least one operator");
        }
        var qubits = operators[0].QubitCount;
        if (operators.Any(k => k.QubitCount != qubits))
        {
            throw new NoiseModelException($"the Kraus operators act on different numbers of qubits ({string.Join(", ", operators.Select(k => k.QubitCount))})");
        }
        var residual = CompletenessResidual(operators);
        if (residual > CompletenessTolerance)
        {
            throw new NoiseModelException($"the Kraus operators are not trace preserving: Σ K†K differs from the identity by {residual:G3} (at most {CompletenessTolerance:G1} allowed)");
        }
        QubitCount = qubits;
        Operators = operators.ToArray();
    }

    public int QubitCount { get; }

    public IReadOnlyList<GateMatrix> Operators { get; }

    /// <summary>Largest element of |Σ Kᵢ†Kᵢ − I|.</summary>
    public static double CompletenessResidual(IReadOnlyList<GateMatrix> operators)
    {
        ArgumentNullException.ThrowIfNull(operators);
        var dim = operators[0].Dimension;
        var sum = new Complex[dim * dim];
        foreach (var k in operators)
        {
            var product = k.Adjoint().Multiply(k);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += product.Elements[i];
            }
        }
        var worst = 0.0;
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                worst = Math.Max(worst, Complex.Abs(sum[(r * dim) + c] - (r == c ? Complex.One : Complex.Zero)));
            }
        }
        return worst;
    }

    /// <summary>
    /// When every operator is √pᵢ·Uᵢ with Uᵢ unitary (Kᵢ†Kᵢ = pᵢ·I), the channel is the unitary mixture
    /// {(pᵢ, Uᵢ)}: its branch probabilities do not depend on the state. Null otherwise.
    /// </summary>
    public IReadOnlyList<(double Probability, GateMatrix Unitary)>? AsUnitaryMixture()
    {
        var mixture = new List<(double, GateMatrix)>();
        foreach (var k in Operators)
        {
            var product = k.Adjoint().Multiply(k);
            var p = product[0, 0].Real;
            if (!product.ApproximatelyEquals(GateMatrix.Identity(QubitCount).Scale(p), CompletenessTolerance))
            {
                return null;
            }
            if (p > CompletenessTolerance)
            {
                mixture.Add((p, k.Scale(1 / Math.Sqrt(p))));
            }
        }
        return mixture;
    }
}
