using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;
using CastExpression = VolunteerQuantum.Circuits.Model.Classical.CastExpression;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

internal sealed partial class ProgramCompiler
{
    /// <summary>
    /// An expression's value: a <see cref="ConstantExpression"/> when it is known now, otherwise a
    /// per-shot expression. Measurements inside it are emitted here, in order.
    /// </summary>
    private ClassicalExpression Evaluate(Expression expression)
    {
        switch (expression)
        {
            case NumberExpression n when n.IsInteger:
                return Constant(ClassicalValue.FromInteger(ClassicalType.SignedInt(), (long)n.Value));
            case NumberExpression n:
                return Constant(ClassicalValue.FromFloat(n.Value));
            case BooleanLiteral b:
                return Constant(ClassicalValue.FromBool(b.Value));
            case BitStringLiteral bits:
                return Constant(BitString(bits));
            case DurationLiteral d:
                return Constant(ClassicalValue.FromDuration(Seconds(d)));
            case IdentifierExpression id:
                return Identifier(id);
            case UnaryExpression u:
                return Unary(u.Location, u.Negate ? ClassicalOperator.Negate : null, u.Operand);
            case UnaryOperatorExpression u:
                return Unary(u.Location, u.Operator, u.Operand);
            case BinaryExpression { Operator: BinaryOperator.Divide, Left: NumberExpression { IsInteger: true } p, Right: NumberExpression { IsInteger: true } q }:
                // A ratio of two literals is a number, as in the specification's own arccos(3 / 5):
                // integer division needs an integer-typed operand.
                return q.Value == 0
                    ? throw new QasmException(expression.Location, "division by zero")
                    : Constant(ClassicalValue.FromFloat(p.Value / q.Value));
            case BinaryExpression b:
                return Binary(b.Location, b.Operator switch
                {
                    BinaryOperator.Add => ClassicalOperator.Add,
                    BinaryOperator.Subtract => ClassicalOperator.Subtract,
                    BinaryOperator.Multiply => ClassicalOperator.Multiply,
                    BinaryOperator.Divide => ClassicalOperator.Divide,
                    _ => ClassicalOperator.Power,
                }, b.Left, b.Right);
            case ClassicalBinaryExpression b:
                return Binary(b.Location, b.Operator, b.Left, b.Right);
            case FunctionCallExpression f:
                return Function(f.Location, f.Function, [f.Argument]);
            case TypeCastExpression cast:
                return Convert(cast.Location, Evaluate(cast.Operand), ResolveType(cast.Type));
            case IndexExpression index:
                return Index(index);
            case CallExpression call:
                return CallValue(call);
            case MeasureExpression measure:
                return MeasureValue(measure);
            case PhysicalQubitExpression q:
                throw new QasmException(q.Location, $"physical qubit ${q.Index} is not a classical value");
            case RangeExpression or SetExpression:
                throw new QasmException(expression.Location, "a range or set is not a value here");
            default:
                throw new QasmException(expression.Location, "unsupported expression");
        }
    }

    private static ConstantExpression Constant(ClassicalValue value) => new(value);

    /// <summary>The value, which must be known when the program is read.</summary>
    private ClassicalValue Known(Expression expression, string what)
    {
        var value = Evaluate(expression);
        return value is ConstantExpression c
            ? c.Value
            : throw new QasmException(expression.Location, $"{what} must be known when the program is read, but it depends on measured values");
    }

    private long KnownInteger(Expression expression, string what)
    {
        var value = Known(expression, what);
        if (!value.Type.IsBitLike || value.Type.Kind == ClassicalKind.Angle)
        {
            var real = value.AsDouble();
            if (real != Math.Floor(real) || Math.Abs(real) > 9.0e15)
            {
                throw new QasmException(expression.Location, $"{what} must be an integer, got {value}");
            }
            return (long)real;
        }
        return value.AsInt64();
    }

    private static ClassicalValue BitString(BitStringLiteral literal)
    {
        var digits = literal.Bits.Replace("_", "", StringComparison.Ordinal);
        if (digits.Length is 0 or > ClassicalType.MaxWidth || digits.Any(c => c is not ('0' or '1')))
        {
            throw new QasmException(literal.Location, $"'\"{literal.Bits}\"' is not a bit string of 1 to 64 bits");
        }
        ulong raw = 0;
        foreach (var c in digits)
        {
            raw = (raw << 1) | (c == '1' ? 1UL : 0UL);
        }
        return ClassicalValue.FromBits(ClassicalType.Bits(digits.Length), raw);
    }

    private static double Seconds(DurationLiteral d) => d.Unit switch
    {
        "ns" => d.Value * 1e-9,
        "us" or "µs" => d.Value * 1e-6,
        "ms" => d.Value * 1e-3,
        "s" => d.Value,
        _ => throw new QasmException(d.Location, $"'{d.Value}dt' counts the device's sample times, which a simulator does not have: write the duration in s, ms, us or ns"),
    };

    private ClassicalExpression Identifier(IdentifierExpression id)
    {
        switch (_scope.Lookup(id.Name))
        {
            case VariableSymbol { IsRuntime: true } v:
                return new VariableExpression(v.Slot, v.Type, v.Name);
            case VariableSymbol v:
                return Constant(v.Value);
            case ClbitSymbol c:
                var bits = new ClbitsExpression(c.Clbits);
                return c.ValueType.Kind == ClassicalKind.Bit ? bits : new CastExpression(c.ValueType, bits);
            case QubitSymbol:
                throw new QasmException(id.Location, $"'{id.Name}' is a qubit or qubit register, not a classical value");
            case ArraySymbol:
                throw new QasmException(id.Location, $"array '{id.Name}' needs an index here");
            case SubroutineSymbol or ExternSymbol:
                throw new QasmException(id.Location, $"'{id.Name}' is a subroutine: call it with '(...)'");
            case null when EvaluationScope.TryConstant(id.Name, true, out var constant):
                return Constant(ClassicalValue.FromFloat(constant));
            case null when _gates.ContainsKey(id.Name):
                throw new QasmException(id.Location, $"'{id.Name}' is a gate, not a classical value");
            default:
                throw new QasmException(id.Location, $"undefined identifier '{id.Name}'");
        }
    }

    private ClassicalExpression Unary(SourceLocation location, ClassicalOperator? op, Expression operand)
    {
        var value = Evaluate(operand);
        if (op is null)
        {
            return value;
        }
        return value is ConstantExpression c
            ? Fold(location, () => ClassicalOperators.Unary(op.Value, c.Value))
            : new UnaryClassicalExpression(op.Value, value);
    }

    private ClassicalExpression Binary(SourceLocation location, ClassicalOperator op, Expression leftSyntax, Expression rightSyntax)
    {
        var left = Evaluate(leftSyntax);
        // && and || short-circuit: a known left side can decide without the right one.
        if (left is ConstantExpression known && op is ClassicalOperator.LogicalAnd or ClassicalOperator.LogicalOr)
        {
            var decided = known.Value.AsBool();
            if (op == ClassicalOperator.LogicalAnd ? !decided : decided)
            {
                return Constant(ClassicalValue.FromBool(decided));
            }
            return Convert(location, Evaluate(rightSyntax), ClassicalType.Bool);
        }
        var right = Evaluate(rightSyntax);
        return Combine(location, op, left, right);
    }

    private static ClassicalExpression Combine(SourceLocation location, ClassicalOperator op, ClassicalExpression left, ClassicalExpression right)
    {
        if (left is ConstantExpression a && right is ConstantExpression b)
        {
            return Fold(location, () => ClassicalOperators.Binary(op, a.Value, b.Value));
        }
        return new BinaryClassicalExpression(op, left, right);
    }

    private static ConstantExpression Fold(SourceLocation location, Func<ClassicalValue> compute)
    {
        try
        {
            return Constant(compute());
        }
        catch (ClassicalEvaluationException e)
        {
            throw new QasmException(location, e.Message, e);
        }
    }

    private static ClassicalExpression Convert(SourceLocation location, ClassicalExpression value, ClassicalType type)
    {
        if (value.Type == type)
        {
            return value;
        }
        return value is ConstantExpression c
            ? Fold(location, () => ClassicalOperators.Cast(c.Value, type))
            : new CastExpression(type, value);
    }

    private ClassicalExpression Function(SourceLocation location, string name, IReadOnlyList<Expression> argumentSyntax)
    {
        if (!ClassicalFunctions.TryArity(name, out var arity))
        {
            throw new QasmException(location, $"unknown function '{name}'");
        }
        if (argumentSyntax.Count != arity)
        {
            throw new QasmException(location, $"'{name}' takes {GateCompiler.Plural(arity, "argument")}, got {argumentSyntax.Count}");
        }
        var arguments = argumentSyntax.Select(Evaluate).ToArray();
        if (arguments.All(a => a is ConstantExpression))
        {
            return Fold(location, () => ClassicalFunctions.Apply(name, arguments.Select(a => ((ConstantExpression)a).Value).ToArray()));
        }
        return new FunctionExpression(name, arguments, ClassicalFunctions.ResultType(name, arguments.Select(a => a.Type).ToArray()));
    }

    /// <summary>A type as written, with its width evaluated (a constant expression).</summary>
    private ClassicalType ResolveType(TypeSyntax type)
    {
        int Width(int defaultWidth, int max)
        {
            if (type.Size is null)
            {
                return defaultWidth;
            }
            var width = KnownInteger(type.Size, $"the width of '{type.Keyword}'");
            if (width < 1 || width > max)
            {
                throw new QasmException(type.Size.Location, $"'{type.Keyword}' width must be between 1 and {max}, got {width}" + (max == ClassicalType.MaxWidth ? " (classical values are kept in 64 bits)" : ""));
            }
            return (int)width;
        }
        if (type.Keyword == "float")
        {
            // Any declared width is checked, then kept in double precision.
            Width(64, 128);
            return ClassicalType.Real;
        }
        return type.Keyword switch
        {
            "bool" => ClassicalType.Bool,
            "int" => ClassicalType.SignedInt(Width(64, 64)),
            "uint" => ClassicalType.UnsignedInt(Width(64, 64)),
            "angle" => ClassicalType.Angle(Width(64, 64)),
            "bit" or "creg" => ClassicalType.Bits(Width(1, 64)),
            "duration" or "stretch" => ClassicalType.Duration,
            _ => throw new QasmException(type.Location, $"'{type.Keyword}' is not a classical type here"),
        };
    }

    /// <summary>Positions selected by one index entry in a dimension of <paramref name="size"/> (negative counts from the end).</summary>
    private List<int> Positions(Expression index, int size, string what)
    {
        int Check(long position, SourceLocation location)
        {
            var p = position < 0 ? position + size : position;
            if (p < 0 || p >= size)
            {
                throw new QasmException(location, $"index {position} out of range for {what} of size {size}");
            }
            return (int)p;
        }
        switch (index)
        {
            case RangeExpression range:
                var start = range.Start is null ? 0 : KnownInteger(range.Start, "a range start");
                var step = range.Step is null ? 1 : KnownInteger(range.Step, "a range step");
                var end = range.End is null ? size - 1 : KnownInteger(range.End, "a range end");
                if (step == 0)
                {
                    throw new QasmException(range.Location, "a range step cannot be 0");
                }
                start = start < 0 ? start + size : start;
                end = end < 0 ? end + size : end;
                var list = new List<int>();
                for (var i = start; step > 0 ? i <= end : i >= end; i += step)
                {
                    list.Add(Check(i, range.Location));
                }
                return list;
            case SetExpression set:
                return set.Elements.Select(e => Check(KnownInteger(e, "an index"), e.Location)).ToList();
            default:
                return [Check(KnownInteger(index, "an index"), index.Location)];
        }
    }

    private ClassicalExpression Index(IndexExpression index)
    {
        var baseName = AssignedNames.BaseName(index.Target);
        if (baseName is not null && _scope.Lookup(baseName) is ArraySymbol array)
        {
            return ArrayElement(index, array);
        }
        if (index.Indices.Count != 1)
        {
            throw new QasmException(index.Location, "only arrays have more than one dimension");
        }
        if (index.Target is IdentifierExpression id && _scope.Lookup(id.Name) is ClbitSymbol c)
        {
            return new ClbitsExpression(Positions(index.Indices[0], c.Clbits.Length, $"'{c.Name}'").Select(p => c.Clbits[p]).ToArray());
        }
        var source = Evaluate(index.Target);
        if (!source.Type.IsBitLike)
        {
            throw new QasmException(index.Location, $"cannot index a value of type {source.Type}");
        }
        var positions = Positions(index.Indices[0], source.Type.Width, "a value");
        return source is ConstantExpression k
            ? Fold(index.Location, () => Select(k.Value, positions))
            : new BitSelectExpression(source, positions);
    }

    private static ClassicalValue Select(ClassicalValue value, List<int> positions)
    {
        ulong raw = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            if (value.Bit(positions[i]))
            {
                raw |= 1UL << i;
            }
        }
        return ClassicalValue.FromBits(ClassicalType.Bits(positions.Count), raw);
    }

    /// <summary>Flattens <c>a[i][j]</c> and <c>a[i, j]</c> into the element's offset, or null for a sub-array.</summary>
    private (int Offset, int[] RemainingDimensions) ArrayOffset(IndexExpression index, ArraySymbol array)
    {
        var indices = new List<Expression>();
        Expression target = index;
        while (target is IndexExpression inner)
        {
            indices.InsertRange(0, inner.Indices);
            target = inner.Target;
        }
        if (indices.Count > array.Dimensions.Length)
        {
            throw new QasmException(index.Location, $"array '{array.Name}' has {array.Dimensions.Length} dimension(s), indexed with {indices.Count}");
        }
        var offset = 0;
        for (var d = 0; d < indices.Count; d++)
        {
            if (indices[d] is RangeExpression or SetExpression)
            {
                throw new QasmException(indices[d].Location, "array slices are only supported on the right of an assignment of a whole row");
            }
            var position = Positions(indices[d], array.Dimensions[d], $"dimension {d} of array '{array.Name}'")[0];
            offset = (offset * array.Dimensions[d]) + position;
        }
        var remaining = array.Dimensions.Skip(indices.Count).ToArray();
        return (offset * remaining.Aggregate(1, (a, b) => a * b), remaining);
    }

    private ConstantExpression ArrayElement(IndexExpression index, ArraySymbol array)
    {
        var (offset, remaining) = ArrayOffset(index, array);
        if (remaining.Length > 0)
        {
            throw new QasmException(index.Location, $"'{array.Name}' indexed with fewer indices than its {array.Dimensions.Length} dimensions is a row, not a value");
        }
        return Constant(array.Values[offset]);
    }

    private ClassicalExpression CallValue(CallExpression call)
    {
        if (call.Name == "sizeof")
        {
            return Constant(ClassicalValue.FromInteger(ClassicalType.UnsignedInt(32), SizeOf(call)));
        }
        switch (_scope.Lookup(call.Name))
        {
            case SubroutineSymbol subroutine:
                return CallSubroutine(subroutine.Declaration, call.Arguments, call.Location)
                    ?? throw new QasmException(call.Location, $"subroutine '{call.Name}' returns no value");
            case ExternSymbol:
                throw External(call.Name, call.Location);
            default:
                return Function(call.Location, call.Name, call.Arguments);
        }
    }

    private static QasmException External(string name, SourceLocation location) =>
        new(location, $"'{name}' is an extern function: it runs on the control system outside the quantum program, which this simulator does not have");

    private int SizeOf(CallExpression call)
    {
        if (call.Arguments.Count is 0 or > 2 || call.Arguments[0] is not IdentifierExpression id || _scope.Lookup(id.Name) is not ArraySymbol array)
        {
            throw new QasmException(call.Location, "sizeof takes an array and optionally a dimension: sizeof(a) or sizeof(a, 1)");
        }
        var dimension = call.Arguments.Count == 2 ? KnownInteger(call.Arguments[1], "the dimension of sizeof") : 0;
        if (dimension < 0 || dimension >= array.Dimensions.Length)
        {
            throw new QasmException(call.Location, $"array '{array.Name}' has no dimension {dimension}");
        }
        return array.Dimensions[dimension];
    }

    /// <summary>An expression used as a statement: its effects (measurements, a subroutine's gates) only.</summary>
    private void Discard(Expression expression)
    {
        if (expression is CallExpression call && _scope.Lookup(call.Name) is SubroutineSymbol subroutine)
        {
            CallSubroutine(subroutine.Declaration, call.Arguments, call.Location);
            return;
        }
        Evaluate(expression);
    }

    /// <summary>A condition as the executor tests it: clbits equal to a value where it can be, else any bool.</summary>
    private static (ClassicalExpression Condition, bool Negated) RuntimeCondition(ClassicalExpression condition)
    {
        var (test, negated) = Simplify(condition);
        // One bit negated is that bit equal to the other value.
        return negated && test is ClassicalCondition { Clbits.Count: 1 } bit ? (bit with { Value = 1 - bit.Value }, false) : (test, negated);
    }

    private static (ClassicalExpression Condition, bool Negated) Simplify(ClassicalExpression condition)
    {
        switch (condition)
        {
            case ClbitsExpression { Clbits.Count: 1 } bit:
                return (new ClassicalCondition(bit.Clbits, 1), false);
            case BinaryClassicalExpression { Operator: ClassicalOperator.Equal or ClassicalOperator.NotEqual } b
                when RegisterValue(b.Left, b.Right) is var (clbits, value):
                return (new ClassicalCondition(clbits, value), b.Operator == ClassicalOperator.NotEqual);
            case UnaryClassicalExpression { Operator: ClassicalOperator.LogicalNot } not:
                var (inner, negated) = Simplify(not.Operand);
                return (inner, !negated);
            default:
                return (condition.Type == ClassicalType.Bool ? condition : new CastExpression(ClassicalType.Bool, condition), false);
        }
    }

    /// <summary>Clbits and the unsigned value they are compared with, when the comparison is that simple.</summary>
    private static (IReadOnlyList<int> Clbits, ulong Value)? RegisterValue(ClassicalExpression left, ClassicalExpression right)
    {
        if (left is ConstantExpression)
        {
            (left, right) = (right, left);
        }
        if (right is not ConstantExpression { Value: var value } || !value.Type.IsBitLike || value.Type.Kind == ClassicalKind.Angle)
        {
            return null;
        }
        var bits = left switch
        {
            ClbitsExpression c => c,
            CastExpression { Target.Kind: ClassicalKind.UnsignedInt or ClassicalKind.Bit, Operand: ClbitsExpression c } cast when cast.Target.Width >= c.Clbits.Count => c,
            CastExpression { Target.Kind: ClassicalKind.SignedInt, Operand: ClbitsExpression c } cast when cast.Target.Width > c.Clbits.Count => c,
            _ => null,
        };
        if (bits is null || bits.Clbits.Count > 64)
        {
            return null;
        }
        var number = value.Type.Kind == ClassicalKind.SignedInt ? value.AsInt64() : unchecked((long)value.Raw);
        if (number < 0 || (bits.Clbits.Count < 64 && (ulong)number >> bits.Clbits.Count != 0))
        {
            return null;
        }
        return (bits.Clbits, (ulong)number);
    }
}
