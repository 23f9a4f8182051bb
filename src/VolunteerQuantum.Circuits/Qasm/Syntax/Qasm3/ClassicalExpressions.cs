using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;

namespace VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

// OpenQASM 3's expressions beyond the real arithmetic OpenQASM 2 shares (which stay
// BinaryExpression, UnaryExpression and FunctionCallExpression, so gate bodies read them as before).

/// <summary><c>!x</c>, <c>~x</c>.</summary>
internal sealed record UnaryOperatorExpression(SourceLocation Location, ClassicalOperator Operator, Expression Operand) : Expression(Location);

/// <summary>Comparisons, logic, bit operations, shifts, <c>%</c> and <c>++</c>.</summary>
internal sealed record ClassicalBinaryExpression(SourceLocation Location, ClassicalOperator Operator, Expression Left, Expression Right) : Expression(Location);

internal sealed record BooleanLiteral(SourceLocation Location, bool Value) : Expression(Location);

/// <summary><c>"0101"</c>, most significant bit first.</summary>
internal sealed record BitStringLiteral(SourceLocation Location, string Bits) : Expression(Location);

/// <summary><c>100ns</c>, <c>1.5us</c>; <see cref="Unit"/> as written.</summary>
internal sealed record DurationLiteral(SourceLocation Location, double Value, string Unit) : Expression(Location);

/// <summary><c>x[i]</c>, <c>x[0:3]</c>, <c>x[{0, 2}]</c>, <c>a[i, j]</c>: one entry per dimension.</summary>
internal sealed record IndexExpression(SourceLocation Location, Expression Target, IReadOnlyList<Expression> Indices) : Expression(Location);

/// <summary><c>start:end</c> or <c>start:step:end</c> (both ends included); parts may be missing in an index.</summary>
internal sealed record RangeExpression(SourceLocation Location, Expression? Start, Expression? Step, Expression? End) : Expression(Location);

/// <summary><c>{a, b, c}</c>: an index set, a for loop's set, or an array initialiser.</summary>
internal sealed record SetExpression(SourceLocation Location, IReadOnlyList<Expression> Elements) : Expression(Location);

/// <summary><c>int[4](c)</c>, <c>bool(x)</c>.</summary>
internal sealed record TypeCastExpression(SourceLocation Location, TypeSyntax Type, Expression Operand) : Expression(Location);

/// <summary>A call of a subroutine, an extern or a built-in function (<c>sizeof</c>, <c>popcount</c>, ...).</summary>
internal sealed record CallExpression(SourceLocation Location, string Name, IReadOnlyList<Expression> Arguments) : Expression(Location);

/// <summary><c>measure q</c> used as a value.</summary>
internal sealed record MeasureExpression(SourceLocation Location, Expression Qubits) : Expression(Location);

/// <summary><c>$3</c>: a physical qubit.</summary>
internal sealed record PhysicalQubitExpression(SourceLocation Location, int Index) : Expression(Location);

/// <summary><c>durationof({ ... })</c>.</summary>
internal sealed record DurationOfExpression(SourceLocation Location) : Expression(Location);

/// <summary>
/// A type as written: <c>int[8]</c>, <c>float</c>, <c>bit[n]</c>, <c>qubit[3]</c>, <c>array[int[8], 4, 2]</c>
/// (<see cref="Element"/> and <see cref="Dimensions"/>), <c>array[int, #dim=2]</c> (<see cref="DimensionCount"/>).
/// </summary>
internal sealed record TypeSyntax(SourceLocation Location, string Keyword, Expression? Size, TypeSyntax? Element = null, IReadOnlyList<Expression>? Dimensions = null, int DimensionCount = 0)
{
    public static readonly IReadOnlySet<string> ScalarKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "bool", "int", "uint", "float", "angle", "bit", "complex", "duration", "stretch",
    };

    public bool IsArray => Keyword == "array";

    public override string ToString() => Keyword + (Size is null ? "" : "[…]");
}
