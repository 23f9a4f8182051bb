namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>
/// The arithmetic of OpenQASM 3 classical values, used both to fold constants at parse time and to
/// evaluate per shot, so the two can never disagree. Integers wrap at their width (two's complement);
/// int mixed with uint is int; any float makes the result float; angles add and subtract modulo 2π,
/// scale by unsigned integers, and divide by each other to a uint.
/// </summary>
public static class ClassicalOperators
{
    public static ClassicalType ResultType(ClassicalOperator op, ClassicalType left, ClassicalType right)
    {
        switch (op)
        {
            case ClassicalOperator.Equal or ClassicalOperator.NotEqual or ClassicalOperator.Less or ClassicalOperator.LessOrEqual
                or ClassicalOperator.Greater or ClassicalOperator.GreaterOrEqual or ClassicalOperator.LogicalAnd or ClassicalOperator.LogicalOr:
                return ClassicalType.Bool;
            case ClassicalOperator.Concatenate:
                return ClassicalType.Bits(Math.Min(ClassicalType.MaxWidth, left.Width + right.Width));
            case ClassicalOperator.LeftShift or ClassicalOperator.RightShift:
                return left.Kind == ClassicalKind.Bool ? ClassicalType.UnsignedInt(1) : left;
            case ClassicalOperator.BitAnd or ClassicalOperator.BitOr or ClassicalOperator.BitXor:
                return left.Kind == right.Kind ? left with { Width = Math.Max(left.Width, right.Width) } : Arithmetic(left, right);
            default:
                break;
        }
        if (left.Kind == ClassicalKind.Angle || right.Kind == ClassicalKind.Angle)
        {
            var angle = left.Kind == ClassicalKind.Angle ? left : right;
            var other = left.Kind == ClassicalKind.Angle ? right : left;
            return (op, other.Kind) switch
            {
                (ClassicalOperator.Divide, ClassicalKind.Angle) => ClassicalType.UnsignedInt(angle.Width),
                (ClassicalOperator.Add or ClassicalOperator.Subtract, ClassicalKind.Angle) => angle with { Width = Math.Max(left.Width, right.Width) },
                (ClassicalOperator.Multiply or ClassicalOperator.Divide, ClassicalKind.UnsignedInt or ClassicalKind.SignedInt or ClassicalKind.Bit or ClassicalKind.Bool) => angle,
                _ => ClassicalType.Real,
            };
        }
        if (op == ClassicalOperator.Power && !(left.IsInteger || left.Kind is ClassicalKind.Bit or ClassicalKind.Bool))
        {
            return ClassicalType.Real;
        }
        return Arithmetic(left, right);
    }

    private static ClassicalType Arithmetic(ClassicalType left, ClassicalType right)
    {
        if (left.Kind == ClassicalKind.Duration || right.Kind == ClassicalKind.Duration)
        {
            return ClassicalType.Duration;
        }
        if (!left.IsBitLike || !right.IsBitLike || left.Kind == ClassicalKind.Angle || right.Kind == ClassicalKind.Angle)
        {
            return ClassicalType.Real;
        }
        var width = Math.Max(left.Width, right.Width);
        return left.Kind == ClassicalKind.SignedInt || right.Kind == ClassicalKind.SignedInt ? ClassicalType.SignedInt(width) : ClassicalType.UnsignedInt(width);
    }

    public static ClassicalValue Binary(ClassicalOperator op, ClassicalValue a, ClassicalValue b)
    {
        var type = ResultType(op, a.Type, b.Type);
        switch (op)
        {
            case ClassicalOperator.LogicalAnd:
                return ClassicalValue.FromBool(a.AsBool() && b.AsBool());
            case ClassicalOperator.LogicalOr:
                return ClassicalValue.FromBool(a.AsBool() || b.AsBool());
            case ClassicalOperator.Equal:
                return ClassicalValue.FromBool(Compare(a, b) == 0);
            case ClassicalOperator.NotEqual:
                return ClassicalValue.FromBool(Compare(a, b) != 0);
            case ClassicalOperator.Less:
                return ClassicalValue.FromBool(Compare(a, b) < 0);
            case ClassicalOperator.LessOrEqual:
                return ClassicalValue.FromBool(Compare(a, b) <= 0);
            case ClassicalOperator.Greater:
                return ClassicalValue.FromBool(Compare(a, b) > 0);
            case ClassicalOperator.GreaterOrEqual:
                return ClassicalValue.FromBool(Compare(a, b) >= 0);
            case ClassicalOperator.Concatenate:
                return ClassicalValue.FromBits(type, a.Raw | (a.Type.Width >= 64 ? 0 : b.Raw << a.Type.Width));
            case ClassicalOperator.LeftShift:
            case ClassicalOperator.RightShift:
                return Shift(op, a, b, type);
            case ClassicalOperator.BitAnd or ClassicalOperator.BitOr or ClassicalOperator.BitXor when type.IsBitLike:
                var (x, y) = (Cast(a, type).Raw, Cast(b, type).Raw);
                return ClassicalValue.FromBits(type, op == ClassicalOperator.BitAnd ? x & y : op == ClassicalOperator.BitOr ? x | y : x ^ y);
            case ClassicalOperator.BitAnd or ClassicalOperator.BitOr or ClassicalOperator.BitXor:
                throw new ClassicalEvaluationException($"bitwise operators need integer or bit operands, not {a.Type} and {b.Type}");
            default:
                break;
        }
        if (type.Kind == ClassicalKind.Angle)
        {
            return AngleArithmetic(op, a, b, type);
        }
        if (!type.IsBitLike || (a.Type.Kind == ClassicalKind.Angle && b.Type.Kind == ClassicalKind.Angle))
        {
            if (type.Kind == ClassicalKind.UnsignedInt)
            {
                // angle / angle: how many times one fits in the other.
                var denominator = b.AsDouble();
                return denominator == 0
                    ? throw new ClassicalEvaluationException("division by a zero angle")
                    : ClassicalValue.FromInteger(type, (long)Math.Floor(a.AsDouble() / denominator));
            }
            return new ClassicalValue(type, 0, RealArithmetic(op, a.AsDouble(), b.AsDouble()));
        }
        return IntegerArithmetic(op, a, b, type);
    }

    private static double RealArithmetic(ClassicalOperator op, double x, double y) => op switch
    {
        ClassicalOperator.Add => x + y,
        ClassicalOperator.Subtract => x - y,
        ClassicalOperator.Multiply => x * y,
        ClassicalOperator.Divide => x / y,
        ClassicalOperator.Modulo => x % y,
        ClassicalOperator.Power => Math.Pow(x, y),
        _ => throw new ClassicalEvaluationException($"operator {op} does not apply to real numbers"),
    };

    private static ClassicalValue IntegerArithmetic(ClassicalOperator op, ClassicalValue a, ClassicalValue b, ClassicalType type)
    {
        var signed = type.Kind == ClassicalKind.SignedInt;
        if (signed)
        {
            long x = a.AsInt64(), y = b.AsInt64();
            long r = op switch
            {
                ClassicalOperator.Add => unchecked(x + y),
                ClassicalOperator.Subtract => unchecked(x - y),
                ClassicalOperator.Multiply => unchecked(x * y),
                ClassicalOperator.Divide => y == 0 ? throw new ClassicalEvaluationException("integer division by zero") : x == long.MinValue && y == -1 ? x : x / y,
                ClassicalOperator.Modulo => y == 0 ? throw new ClassicalEvaluationException("integer modulo by zero") : y == -1 ? 0 : x % y,
                ClassicalOperator.Power => y < 0 ? throw new ClassicalEvaluationException($"integer power with a negative exponent ({y}); write a float") : unchecked((long)IntegerPower(unchecked((ulong)x), (ulong)y)),
                _ => throw new ClassicalEvaluationException($"operator {op} does not apply to integers"),
            };
            return ClassicalValue.FromInteger(type, r);
        }
        ulong u = a.Raw, v = b.Raw;
        ulong s = op switch
        {
            ClassicalOperator.Add => unchecked(u + v),
            ClassicalOperator.Subtract => unchecked(u - v),
            ClassicalOperator.Multiply => unchecked(u * v),
            ClassicalOperator.Divide => v == 0 ? throw new ClassicalEvaluationException("integer division by zero") : u / v,
            ClassicalOperator.Modulo => v == 0 ? throw new ClassicalEvaluationException("integer modulo by zero") : u % v,
            ClassicalOperator.Power => IntegerPower(u, v),
            _ => throw new ClassicalEvaluationException($"operator {op} does not apply to integers"),
        };
        return ClassicalValue.FromBits(type, s);
    }

    private static ulong IntegerPower(ulong b, ulong e)
    {
        ulong result = 1;
        while (e > 0)
        {
            if ((e & 1) != 0)
            {
                result = unchecked(result * b);
            }
            b = unchecked(b * b);
            e >>= 1;
        }
        return result;
    }

    private static ClassicalValue AngleArithmetic(ClassicalOperator op, ClassicalValue a, ClassicalValue b, ClassicalType type)
    {
        if (a.Type.Kind == ClassicalKind.Angle && b.Type.Kind == ClassicalKind.Angle)
        {
            var x = Cast(a, type).Raw;
            var y = Cast(b, type).Raw;
            return ClassicalValue.FromBits(type, op == ClassicalOperator.Add ? unchecked(x + y) : unchecked(x - y));
        }
        var angle = a.Type.Kind == ClassicalKind.Angle ? a : b;
        var scalar = a.Type.Kind == ClassicalKind.Angle ? b : a;
        var raw = Cast(angle, type).Raw;
        var k = scalar.AsInt64();
        if (op == ClassicalOperator.Multiply)
        {
            return ClassicalValue.FromBits(type, unchecked(raw * (ulong)k));
        }
        if (k == 0)
        {
            throw new ClassicalEvaluationException("division of an angle by zero");
        }
        return ClassicalValue.FromBits(type, raw / (ulong)k);
    }

    private static ClassicalValue Shift(ClassicalOperator op, ClassicalValue a, ClassicalValue b, ClassicalType type)
    {
        var by = b.AsInt64();
        if (by < 0)
        {
            throw new ClassicalEvaluationException($"shift by a negative amount ({by})");
        }
        var value = Cast(a, type);
        if (by >= 64)
        {
            return ClassicalValue.FromBits(type, type.Kind == ClassicalKind.SignedInt && op == ClassicalOperator.RightShift && value.AsInt64() < 0 ? ulong.MaxValue : 0);
        }
        if (op == ClassicalOperator.LeftShift)
        {
            return ClassicalValue.FromBits(type, value.Raw << (int)by);
        }
        return type.Kind == ClassicalKind.SignedInt
            ? ClassicalValue.FromInteger(type, value.AsInt64() >> (int)by)
            : ClassicalValue.FromBits(type, value.Raw >> (int)by);
    }

    /// <summary>Sign of a − b by value (signed, unsigned or real as the operands require).</summary>
    public static int Compare(ClassicalValue a, ClassicalValue b)
    {
        if (a.Type.Kind == ClassicalKind.Angle && b.Type.Kind == ClassicalKind.Angle && a.Type.Width == b.Type.Width)
        {
            return a.Raw.CompareTo(b.Raw);
        }
        if (!a.Type.IsBitLike || !b.Type.IsBitLike || a.Type.Kind == ClassicalKind.Angle || b.Type.Kind == ClassicalKind.Angle)
        {
            return a.AsDouble().CompareTo(b.AsDouble());
        }
        if (a.Type.Kind == ClassicalKind.SignedInt || b.Type.Kind == ClassicalKind.SignedInt)
        {
            var x = a.Type.Kind == ClassicalKind.SignedInt ? a.AsInt64() : unchecked((long)a.Raw);
            var y = b.Type.Kind == ClassicalKind.SignedInt ? b.AsInt64() : unchecked((long)b.Raw);
            return x.CompareTo(y);
        }
        return a.Raw.CompareTo(b.Raw);
    }

    public static ClassicalType UnaryResultType(ClassicalOperator op, ClassicalType operand) => op switch
    {
        ClassicalOperator.LogicalNot => ClassicalType.Bool,
        ClassicalOperator.Negate when operand.Kind is ClassicalKind.UnsignedInt or ClassicalKind.Bit or ClassicalKind.Bool => ClassicalType.SignedInt(Math.Min(64, operand.Width + 1)),
        _ => operand,
    };

    public static ClassicalValue Unary(ClassicalOperator op, ClassicalValue a)
    {
        var type = UnaryResultType(op, a.Type);
        return op switch
        {
            ClassicalOperator.LogicalNot => ClassicalValue.FromBool(!a.AsBool()),
            // OpenQASM 3 writes '~' for bitwise not; on a bool it is logical not.
            ClassicalOperator.BitNot when a.Type.Kind == ClassicalKind.Bool => ClassicalValue.FromBool(!a.AsBool()),
            ClassicalOperator.BitNot when a.Type.IsBitLike => ClassicalValue.FromBits(a.Type, ~a.Raw),
            ClassicalOperator.BitNot => throw new ClassicalEvaluationException($"'~' needs an integer or bit operand, not {a.Type}"),
            ClassicalOperator.Negate when !type.IsBitLike => new ClassicalValue(type, 0, -a.Real),
            ClassicalOperator.Negate when type.Kind == ClassicalKind.Angle => ClassicalValue.FromBits(type, unchecked(0UL - a.Raw)),
            ClassicalOperator.Negate => ClassicalValue.FromInteger(type, unchecked(-a.AsInt64())),
            _ => throw new ClassicalEvaluationException($"{op} is not a unary operator"),
        };
    }

    /// <summary>
    /// Converts as an OpenQASM 3 cast or assignment does: integers wrap to the new width, floats truncate
    /// toward zero into integers and round into angles, bits reinterpret, anything is true when nonzero.
    /// </summary>
    public static ClassicalValue Cast(ClassicalValue value, ClassicalType type)
    {
        var from = value.Type;
        if (from == type)
        {
            return value;
        }
        switch (type.Kind)
        {
            case ClassicalKind.Bool:
                return ClassicalValue.FromBool(value.AsBool());
            case ClassicalKind.Real:
                return ClassicalValue.FromFloat(value.AsDouble());
            case ClassicalKind.Duration:
                return ClassicalValue.FromDuration(value.AsDouble());
            case ClassicalKind.Angle when from.Kind == ClassicalKind.Angle:
                // Keep the most significant bits: the same fraction of a turn at the new resolution.
                return ClassicalValue.FromBits(type, type.Width >= from.Width ? value.Raw << (type.Width - from.Width) : value.Raw >> (from.Width - type.Width));
            case ClassicalKind.Angle when from.Kind is ClassicalKind.Real or ClassicalKind.SignedInt or ClassicalKind.UnsignedInt or ClassicalKind.Duration:
                return ClassicalValue.FromRadians(type, value.AsDouble());
            case ClassicalKind.Angle:
                return ClassicalValue.FromBits(type, value.Raw);
            default:
                break;
        }
        if (!from.IsBitLike)
        {
            var real = value.AsDouble();
            if (!double.IsFinite(real))
            {
                throw new ClassicalEvaluationException($"cannot convert the non-finite value {real} to {type}");
            }
            var truncated = Math.Truncate(real);
            return Math.Abs(truncated) < 9.2e18
                ? ClassicalValue.FromInteger(type, (long)truncated)
                : throw new ClassicalEvaluationException($"{real} is too large for {type}");
        }
        return from.Kind == ClassicalKind.SignedInt
            ? ClassicalValue.FromInteger(type, value.AsInt64())
            : ClassicalValue.FromBits(type, value.Raw);
    }
}
