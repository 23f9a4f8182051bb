namespace VolunteerQuantum.Circuits.Qasm.Syntax;

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}
