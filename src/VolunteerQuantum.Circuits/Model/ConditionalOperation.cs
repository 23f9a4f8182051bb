using VolunteerQuantum.Circuits.Model.Classical;

namespace VolunteerQuantum.Circuits.Model;

/// <summary>Runs <see cref="Then"/> when the condition holds, else <see cref="Else"/> (often empty).</summary>
public sealed record ConditionalOperation(ClassicalExpression Condition, IReadOnlyList<Operation> Then, IReadOnlyList<Operation> Else) : Operation
{
    public override IReadOnlyList<int> Qubits => Then.Concat(Else).SelectMany(o => o.Qubits).Distinct().ToArray();
}
