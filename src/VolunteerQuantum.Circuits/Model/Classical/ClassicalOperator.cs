namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>OpenQASM 3's classical operators (<c>++</c> is bit concatenation).</summary>
public enum ClassicalOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
    LeftShift,
    RightShift,
    BitAnd,
    BitOr,
    BitXor,
    LogicalAnd,
    LogicalOr,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Concatenate,
    Negate,
    LogicalNot,
    BitNot,
}
