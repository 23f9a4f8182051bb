using System.Globalization;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// A classical misreading of one qubit: <c>Assignment[true][read]</c> is the probability of reading
/// <c>read</c> when the qubit was measured as <c>true</c> (Aer's roerror "probabilities"; rows sum to 1).
/// </summary>
public sealed class ReadoutError
{
    public ReadoutError(double[][] assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.Length != 2 || assignment.Any(r => r is null || r.Length != 2))
        {
            throw new NoiseModelException("a readout error is a 2×2 assignment matrix [[P(0|0), P(1|0)], [P(0|1), P(1|1)]] (correlated readout errors on several qubits are not supported)");
        }
        for (var t = 0; t < 2; t++)
        {
            if (assignment[t].Any(p => !(p >= 0) || !(p <= 1)))
            {
                throw new NoiseModelException($"readout error: row {t} [{string.Join(", ", assignment[t].Select(p => p.ToString(CultureInfo.InvariantCulture)))}] has a probability outside [0, 1]");
            }
            if (Math.Abs(assignment[t].Sum() - 1) > QuantumError.ProbabilityTolerance)
            {
                throw new NoiseModelException($"readout error: row {t} sums to {assignment[t].Sum().ToString("R", CultureInfo.InvariantCulture)}, not 1");
            }
        }
        Assignment = [[assignment[0][0], assignment[0][1]], [assignment[1][0], assignment[1][1]]];
    }

    /// <summary>P(read 1 | measured 0) = <paramref name="p01"/>, P(read 0 | measured 1) = <paramref name="p10"/>.</summary>
    public static ReadoutError FromFlipProbabilities(double p01, double p10) => new([[1 - p01, p01], [p10, 1 - p10]]);

    public IReadOnlyList<IReadOnlyList<double>> Assignment { get; }

    /// <summary>Probability of reading 1 when the measurement gave <paramref name="measured"/>.</summary>
    public double ProbabilityOfReadingOne(bool measured) => Assignment[measured ? 1 : 0][1];
}
