namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>
/// A classical expression the program evaluates per shot, because it reads measured bits or variables
/// that depend on them. Everything known when the program is read is folded to a <see cref="ConstantExpression"/>.
/// </summary>
public abstract record ClassicalExpression(ClassicalType Type)
{
    public abstract ClassicalValue Evaluate(ClassicalMemory memory);
}

public sealed record ConstantExpression(ClassicalValue Value) : ClassicalExpression(Value.Type)
{
    public override ClassicalValue Evaluate(ClassicalMemory memory) => Value;
}

/// <summary>A variable of the program (its slot in <see cref="ClassicalMemory.Variables"/>).</summary>
public sealed record VariableExpression(int Slot, ClassicalType VariableType, string Name) : ClassicalExpression(VariableType)
{
    public override ClassicalValue Evaluate(ClassicalMemory memory) => memory.Variables[Slot];
}

/// <summary>Clbits read as a bit[n] value, Clbits[0] its least significant bit.</summary>
public sealed record ClbitsExpression(IReadOnlyList<int> Clbits) : ClassicalExpression(ClassicalType.Bits(Clbits.Count))
{
    public override ClassicalValue Evaluate(ClassicalMemory memory)
    {
        ulong raw = 0;
        for (var i = 0; i < Clbits.Count; i++)
        {
            if (memory.Clbits[Clbits[i]])
            {
                raw |= 1UL << i;
            }
        }
        return ClassicalValue.FromBits(Type, raw);
    }
}

/// <summary>Some bits of a value, as a bit[n] (<c>x[2]</c>, <c>x[0:3]</c>, <c>x[{0, 2}]</c>).</summary>
public sealed record BitSelectExpression(ClassicalExpression Source, IReadOnlyList<int> Positions) : ClassicalExpression(ClassicalType.Bits(Positions.Count))
{
    public override ClassicalValue Evaluate(ClassicalMemory memory)
    {
        var value = Source.Evaluate(memory);
        ulong raw = 0;
        for (var i = 0; i < Positions.Count; i++)
        {
            if (value.Bit(Positions[i]))
            {
                raw |= 1UL << i;
            }
        }
        return ClassicalValue.FromBits(Type, raw);
    }
}

public sealed record UnaryClassicalExpression(ClassicalOperator Operator, ClassicalExpression Operand)
    : ClassicalExpression(ClassicalOperators.UnaryResultType(Operator, Operand.Type))
{
    public override ClassicalValue Evaluate(ClassicalMemory memory) => ClassicalOperators.Unary(Operator, Operand.Evaluate(memory));
}

public sealed record BinaryClassicalExpression(ClassicalOperator Operator, ClassicalExpression Left, ClassicalExpression Right)
    : ClassicalExpression(ClassicalOperators.ResultType(Operator, Left.Type, Right.Type))
{
    public override ClassicalValue Evaluate(ClassicalMemory memory)
    {
        // && and || short-circuit, as in C.
        if (Operator == ClassicalOperator.LogicalAnd)
        {
            return ClassicalValue.FromBool(Left.Evaluate(memory).AsBool() && Right.Evaluate(memory).AsBool());
        }
        if (Operator == ClassicalOperator.LogicalOr)
        {
            return ClassicalValue.FromBool(Left.Evaluate(memory).AsBool() || Right.Evaluate(memory).AsBool());
        }
        return ClassicalOperators.Binary(Operator, Left.Evaluate(memory), Right.Evaluate(memory));
    }
}

public sealed record CastExpression(ClassicalType Target, ClassicalExpression Operand) : ClassicalExpression(Target)
{
    public override ClassicalValue Evaluate(ClassicalMemory memory) => ClassicalOperators.Cast(Operand.Evaluate(memory), Target);
}

/// <summary>A built-in function (sin, popcount, rotl, ...) of values known only per shot.</summary>
public sealed record FunctionExpression(string Name, IReadOnlyList<ClassicalExpression> Arguments, ClassicalType ResultType) : ClassicalExpression(ResultType)
{
    public override ClassicalValue Evaluate(ClassicalMemory memory) =>
        ClassicalFunctions.Apply(Name, Arguments.Select(a => a.Evaluate(memory)).ToArray());
}
