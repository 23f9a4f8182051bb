using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Grid.Planning;

/// <summary>Validates observables and computes Σ|cⱼ| of each (it scales their comparison tolerance).</summary>
public static class ObservableWeights
{
    public static IReadOnlyDictionary<string, double> Of(IReadOnlyList<string> observables, int qubits)
    {
        ArgumentNullException.ThrowIfNull(observables);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var text in observables)
        {
            PauliSum sum;
            try
            {
                sum = PauliSum.Parse(text);
            }
            catch (FormatException e)
            {
                throw new ProjectSpecException(e.Message, e);
            }
            if (sum.Width > qubits)
            {
                throw new ProjectSpecException($"observable '{text}' acts on qubit {sum.Width - 1}, but the circuit has {qubits} qubits");
            }
            weights[text] = sum.Terms.Sum(t => Math.Abs(t.Coefficient));
        }
        return weights;
    }
}
