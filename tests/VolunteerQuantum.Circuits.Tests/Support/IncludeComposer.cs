using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace VolunteerQuantum.Circuits.Tests.Support;

/// <summary>
/// An independent reading of an include file for tests: gate bodies are found with regular
/// expressions and multiplied out, down to U, CX and gphase, as dense matrices (modifiers
/// included). Nothing here uses the production lexer, parser or gate matrices.
/// </summary>
internal sealed partial class IncludeComposer
{
    private readonly Dictionary<string, (string[] Parameters, string[] Qubits, string[] Body)> _gates = [];
    private readonly bool _openQasm3;

    public IncludeComposer(string text, bool openQasm3)
    {
        _openQasm3 = openQasm3;
        var stripped = LineComment().Replace(BlockComment().Replace(text, ""), "");
        foreach (Match m in GateRegex().Matches(stripped))
        {
            var parameters = Split(m.Groups[2].Value);
            var qubits = Split(m.Groups[3].Value);
            var body = m.Groups[4].Value.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
            _gates[m.Groups[1].Value] = (parameters, qubits, body);
        }
    }

    public IReadOnlyCollection<string> GateNames => _gates.Keys;

    public int ParameterCount(string name) => _gates[name].Parameters.Length;

    public int QubitCount(string name) => _gates[name].Qubits.Length;

    public Complex[,] Compose(string name, double[] parameters)
    {
        var (names, qubits, body) = _gates[name];
        var env = names.Zip(parameters).ToDictionary(p => p.First, p => p.Second);
        var n = qubits.Length;
        var total = Dense.Identity(1 << n);
        foreach (var statement in body)
        {
            var m = StatementRegex().Match(statement);
            if (!m.Success)
            {
                throw new InvalidOperationException($"cannot read '{statement}'");
            }
            var modifiers = ModifierRegex().Matches(m.Groups[1].Value).Select(x => (x.Groups[1].Value, x.Groups[2].Value)).ToArray();
            var gate = m.Groups[2].Value;
            var args = SplitTopLevel(m.Groups[3].Value).Select(e => new MiniExpression(e, env).Evaluate()).ToArray();
            var targets = Split(m.Groups[4].Value).Select(q => Array.IndexOf(qubits, q)).ToArray();
            var matrix = Base(gate, args);
            for (var i = modifiers.Length - 1; i >= 0; i--)
            {
                matrix = Modify(matrix, modifiers[i].Item1, modifiers[i].Item2, env);
            }
            total = targets.Length == 0
                ? Dense.Scale(total, matrix[0, 0])
                : Dense.Multiply(Dense.Embed(matrix, targets, n), total);
        }
        return total;
    }

    private Complex[,] Base(string gate, double[] args)
    {
        if (_gates.ContainsKey(gate))
        {
            return Compose(gate, args);
        }
        switch (gate)
        {
            case "U":
                return _openQasm3 ? USpec3(args[0], args[1], args[2]) : USpec2(args[0], args[1], args[2]);
            case "CX" when !_openQasm3:
                // Control = argument 0 = index bit 0.
                return Dense.FromRows([1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]);
            case "gphase" when _openQasm3:
                return new Complex[,] { { Complex.FromPolarCoordinates(1, args[0]) } };
            default:
                throw new InvalidOperationException($"unknown gate {gate}");
        }
    }

    /// <summary>OpenQASM 2 (arXiv:1707.03429, Qiskit): U = [[c, −e^{iλ}s], [e^{iφ}s, e^{i(φ+λ)}c]].</summary>
    public static Complex[,] USpec2(double theta, double phi, double lambda)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return Dense.FromRows(
            [c, -Complex.Exp(Complex.ImaginaryOne * lambda) * s],
            [Complex.Exp(Complex.ImaginaryOne * phi) * s, Complex.Exp(Complex.ImaginaryOne * (phi + lambda)) * c]);
    }

    /// <summary>The current OpenQASM 3 specification, literally: ½[[1+e^{iθ}, −ie^{iλ}(1−e^{iθ})], [ie^{iφ}(1−e^{iθ}), e^{i(φ+λ)}(1+e^{iθ})]].</summary>
    public static Complex[,] USpec3(double theta, double phi, double lambda)
    {
        var i = Complex.ImaginaryOne;
        var et = Complex.Exp(i * theta);
        return Dense.FromRows(
            [(1 + et) / 2, -i * Complex.Exp(i * lambda) * (1 - et) / 2],
            [i * Complex.Exp(i * phi) * (1 - et) / 2, Complex.Exp(i * (phi + lambda)) * (1 + et) / 2]);
    }

    private static Complex[,] Modify(Complex[,] m, string kind, string argument, Dictionary<string, double> env)
    {
        var value = argument.Length == 0 ? 1 : new MiniExpression(argument, env).Evaluate();
        switch (kind)
        {
            case "inv":
                return Dense.Adjoint(m);
            case "ctrl":
            case "negctrl":
                for (var c = 0; c < (int)value; c++)
                {
                    m = Dense.Controlled(m, kind == "ctrl");
                }
                return m;
            default:
                return Power(m, value);
        }
    }

    private static Complex[,] Power(Complex[,] m, double k)
    {
        if (k == Math.Floor(k))
        {
            var b = k < 0 ? Dense.Adjoint(m) : m;
            var r = Dense.Identity(m.GetLength(0));
            for (var i = 0; i < Math.Abs(k); i++)
            {
                r = Dense.Multiply(r, b);
            }
            return r;
        }
        if (k != 0.5 || m.GetLength(0) != 2)
        {
            throw new NotSupportedException("the test composer only takes square roots of 2x2 matrices");
        }
        // √M = (M + sI)/t with s = √det M and t = √(tr M + 2s): the principal root when both roots are principal.
        var det = (m[0, 0] * m[1, 1]) - (m[0, 1] * m[1, 0]);
        var s = PrincipalSqrt(det);
        var t = PrincipalSqrt(m[0, 0] + m[1, 1] + (2 * s));
        return Dense.FromRows([(m[0, 0] + s) / t, m[0, 1] / t], [m[1, 0] / t, (m[1, 1] + s) / t]);
    }

    // Values within rounding of the negative real axis take the root with positive imaginary part.
    private static Complex PrincipalSqrt(Complex z) =>
        z.Real < 0 && Math.Abs(z.Imaginary) < 1e-12 ? new Complex(0, Math.Sqrt(-z.Real)) : Complex.Sqrt(z);

    private static string[] Split(string list) =>
        list.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();

    private static string[] SplitTopLevel(string list)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] == '(' ? 1 : list[i] == ')' ? -1 : 0;
            if (list[i] == ',' && depth == 0)
            {
                parts.Add(list[start..i]);
                start = i + 1;
            }
        }
        parts.Add(list[start..]);
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
    }

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"gate\s+(\w+)\s*(?:\(([^)]*)\))?\s*([^{]*)\{([^}]*)\}")]
    private static partial Regex GateRegex();

    [GeneratedRegex(@"^((?:(?:ctrl|negctrl|inv|pow)\s*(?:\([^)]*\))?\s*@\s*)*)(\w+)\s*(?:\((.*)\))?\s*(.*)$", RegexOptions.Singleline)]
    private static partial Regex StatementRegex();

    [GeneratedRegex(@"(ctrl|negctrl|inv|pow)\s*(?:\(([^)]*)\))?\s*@")]
    private static partial Regex ModifierRegex();
}
