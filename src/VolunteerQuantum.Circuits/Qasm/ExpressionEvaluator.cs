using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>Evaluates parameter expressions in double precision.</summary>
internal static class ExpressionEvaluator
{
    // Integers up to 2^53 are exact in a double.
    private const double MaxExactInteger = 9007199254740992;

    /// <summary>The value, which must be finite (NaN or ±∞ would poison every amplitude).</summary>
    public static double Evaluate(Expression expression, EvaluationScope scope)
    {
        var value = Value(expression, scope);
        if (!double.IsFinite(value))
        {
            throw new QasmException(expression.Location, "expression does not evaluate to a finite number");
        }
        return value;
    }

    /// <summary>The value as an integer; fails with "{what} must be an integer" otherwise.</summary>
    public static long EvaluateInteger(Expression expression, EvaluationScope scope, string what)
    {
        var value = Evaluate(expression, scope);
        if (value != Math.Floor(value) || Math.Abs(value) > MaxExactInteger)
        {
            throw new QasmException(expression.Location, $"{what} must be an integer");
        }
        return (long)value;
    }

    /// <summary>Fails at the first identifier that is neither in <paramref name="names"/> nor a constant.</summary>
    public static void CheckNames(Expression expression, IReadOnlySet<string> names, bool openQasm3)
    {
        switch (expression)
        {
            case IdentifierExpression id when !names.Contains(id.Name) && !EvaluationScope.TryConstant(id.Name, openQasm3, out _):
                throw new QasmException(id.Location, $"undefined identifier '{id.Name}'");
            case UnaryExpression u:
                CheckNames(u.Operand, names, openQasm3);
                break;
            case BinaryExpression b:
                CheckNames(b.Left, names, openQasm3);
                CheckNames(b.Right, names, openQasm3);
                break;
            case FunctionCallExpression f:
                CheckNames(f.Argument, names, openQasm3);
                break;
            default:
                break;
        }
    }

    private static double Value(Expression expression, EvaluationScope scope) => expression switch
    {
        NumberExpression n => n.Value,
        IdentifierExpression id => scope.TryLookup(id.Name, out var v)
            ? v
            : throw new QasmException(id.Location, $"undefined identifier '{id.Name}'"),
        UnaryExpression u => u.Negate ? -Value(u.Operand, scope) : Value(u.Operand, scope),
        BinaryExpression b => Binary(b.Operator, Value(b.Left, scope), Value(b.Right, scope)),
        FunctionCallExpression f => Function(f, Value(f.Argument, scope)),
        _ => throw new QasmException(expression.Location, "unsupported expression"),
    };

    private static double Binary(BinaryOperator op, double left, double right) => op switch
    {
        BinaryOperator.Add => left + right,
        BinaryOperator.Subtract => left - right,
        BinaryOperator.Multiply => left * right,
        BinaryOperator.Divide => left / right,
        _ => Math.Pow(left, right),
    };

    private static double Function(FunctionCallExpression call, double x) => call.Function switch
    {
        "sin" => Math.Sin(x),
        "cos" => Math.Cos(x),
        "tan" => Math.Tan(x),
        "exp" => Math.Exp(x),
        "ln" => Math.Log(x),
        "sqrt" => Math.Sqrt(x),
        "asin" or "arcsin" => Math.Asin(x),
        "acos" or "arccos" => Math.Acos(x),
        "atan" or "arctan" => Math.Atan(x),
        _ => throw new QasmException(call.Location, $"unknown function '{call.Function}'"),
    };
}
