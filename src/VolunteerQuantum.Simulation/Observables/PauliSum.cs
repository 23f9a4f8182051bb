namespace VolunteerQuantum.Simulation.Observables;

/// <summary>A Hermitian observable Σ c_k P_k, e.g. parsed from <c>0.5*Z0 + Y1 Y2</c>.</summary>
public sealed class PauliSum
{
    public PauliSum(IReadOnlyList<PauliTerm> terms, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Terms = terms;
        Text = text ?? string.Join(" + ", terms);
    }

    public IReadOnlyList<PauliTerm> Terms { get; }

    /// <summary>The text it was parsed from (for reports).</summary>
    public string Text { get; }

    /// <summary>One past the highest qubit any term uses.</summary>
    public int Width => Terms.Count == 0 ? 0 : Terms.Max(t => t.Pauli.Width);

    /// <summary>Parses e.g. <c>Z0 Z1</c>, <c>-Z0</c>, <c>0.5*Z0 + Y1 Y2</c>, <c>1e-3 * X0 X1</c>; throws <see cref="FormatException"/> naming the position.</summary>
    public static PauliSum Parse(string text) => PauliSumParser.Parse(text);

    public override string ToString() => Text;
}
