using System.Globalization;

namespace VolunteerQuantum.Circuits.Tests.Support;

/// <summary>A tiny evaluator: numbers, names, + − * /, unary minus, parentheses; pi and π.</summary>
internal sealed class MiniExpression(string text, IReadOnlyDictionary<string, double> env)
{
    private int _at;

    public double Evaluate()
    {
        var v = Sum();
        return _at == text.Length ? v : throw new FormatException($"trailing text in '{text}'");
    }

    private double Sum()
    {
        var v = Product();
        while (Skip() < text.Length && text[_at] is '+' or '-')
        {
            var op = text[_at++];
            var r = Product();
            v = op == '+' ? v + r : v - r;
        }
        return v;
    }

    private double Product()
    {
        var v = Unary();
        while (Skip() < text.Length && text[_at] is '*' or '/')
        {
            var op = text[_at++];
            var r = Unary();
            v = op == '*' ? v * r : v / r;
        }
        return v;
    }

    private double Unary()
    {
        Skip();
        if (text[_at] == '-')
        {
            _at++;
            return -Unary();
        }
        if (text[_at] == '(')
        {
            _at++;
            var v = Sum();
            Skip();
            _at++;
            return v;
        }
        var start = _at;
        if (char.IsAsciiDigit(text[_at]) || text[_at] == '.')
        {
            while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '.'))
            {
                _at++;
            }
            return double.Parse(text[start.._at], CultureInfo.InvariantCulture);
        }
        while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_'))
        {
            _at++;
        }
        var name = text[start.._at];
        return name is "pi" or "π" ? Math.PI : env[name];
    }

    private int Skip()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at]))
        {
            _at++;
        }
        return _at;
    }
}
