namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>The names an expression may use: variables (gate parameters or inputs) and constants.</summary>
internal sealed class EvaluationScope
{
    private readonly IReadOnlyDictionary<string, double> _variables;

    public EvaluationScope(IReadOnlyDictionary<string, double> variables, bool openQasm3)
    {
        _variables = variables;
        OpenQasm3 = openQasm3;
    }

    public bool OpenQasm3 { get; }

    public bool TryLookup(string name, out double value)
    {
        if (_variables.TryGetValue(name, out value))
        {
            return true;
        }
        return TryConstant(name, OpenQasm3, out value);
    }

    /// <summary>pi everywhere; OpenQASM 3 adds π, tau/τ and euler/ℯ.</summary>
    public static bool TryConstant(string name, bool openQasm3, out double value)
    {
        value = name switch
        {
            "pi" => Math.PI,
            _ when !openQasm3 => double.NaN,
            "π" => Math.PI,
            "tau" or "τ" => Math.Tau,
            "euler" or "ℯ" => Math.E,
            _ => double.NaN,
        };
        return !double.IsNaN(value);
    }
}
