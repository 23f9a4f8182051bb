using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

internal enum DeclarationKind
{
    Variable,
    Constant,
    Input,
    Output,
}

/// <summary><c>[const|input|output] type name [= value];</c> (<c>bit</c> and <c>qubit</c> registers included).</summary>
internal sealed record ClassicalDeclaration(SourceLocation Location, DeclarationKind Kind, TypeSyntax Type, string Name, SourceLocation NameLocation, Expression? Initializer) : Statement(Location);

/// <summary><c>target op value;</c> with op one of <c>=</c>, <c>+=</c>, <c>&lt;&lt;=</c>, ... (<c>measure q -> c;</c> reads as <c>c = measure q;</c>).</summary>
internal sealed record AssignmentStatement(SourceLocation Location, Expression Target, string Operator, Expression Value) : Statement(Location);

/// <summary>A call or bare <c>measure q;</c> whose value is dropped.</summary>
internal sealed record ExpressionStatement(SourceLocation Location, Expression Expression) : Statement(Location);

/// <summary><c>let name = qubits;</c></summary>
internal sealed record AliasStatement(SourceLocation Location, string Name, SourceLocation NameLocation, Expression Value) : Statement(Location);

/// <summary><c>modifiers @ name(params) operands;</c> in OpenQASM 3, where operands are expressions (slices, sets, <c>$n</c>).</summary>
internal sealed record QuantumCallStatement(
    SourceLocation Location,
    IReadOnlyList<GateModifier> Modifiers,
    string Name,
    SourceLocation NameLocation,
    IReadOnlyList<Expression> Parameters,
    IReadOnlyList<Expression> Operands) : Statement(Location);

/// <summary><c>reset</c>, <c>barrier</c> or <c>delay[duration]</c> on OpenQASM 3 operands (none: every qubit, for barrier and delay).</summary>
internal sealed record QuantumInstructionStatement(SourceLocation Location, string Instruction, Expression? Duration, IReadOnlyList<Expression> Operands) : Statement(Location);

internal sealed record BlockStatement(SourceLocation Location, IReadOnlyList<Statement> Body, bool IsBox) : Statement(Location);

internal sealed record ConditionalStatement(SourceLocation Location, Expression Condition, IReadOnlyList<Statement> Then, IReadOnlyList<Statement> Else) : Statement(Location);

/// <summary><c>for type name in iterable body</c>; <see cref="VariableType"/> null for Qiskit's <c>for _ in</c>.</summary>
internal sealed record ForStatement(SourceLocation Location, TypeSyntax? VariableType, string Variable, SourceLocation VariableLocation, Expression Iterable, IReadOnlyList<Statement> Body) : Statement(Location);

internal sealed record WhileStatement(SourceLocation Location, Expression Condition, IReadOnlyList<Statement> Body) : Statement(Location);

internal sealed record JumpStatement(SourceLocation Location, string Keyword) : Statement(Location);

internal sealed record ReturnStatement(SourceLocation Location, Expression? Value) : Statement(Location);

internal sealed record SwitchCase(SourceLocation Location, IReadOnlyList<Expression> Values, IReadOnlyList<Statement> Body);

internal sealed record SwitchStatement(SourceLocation Location, Expression Control, IReadOnlyList<SwitchCase> Cases, IReadOnlyList<Statement>? Default) : Statement(Location);

/// <summary>One parameter of a subroutine: a qubit (register) or a classical value or array reference.</summary>
internal sealed record ParameterSyntax(SourceLocation Location, TypeSyntax Type, string Name, bool IsMutable);

internal sealed record SubroutineDeclaration(SourceLocation Location, string Name, SourceLocation NameLocation, IReadOnlyList<ParameterSyntax> Parameters, TypeSyntax? ReturnType, IReadOnlyList<Statement> Body) : Statement(Location);

internal sealed record ExternDeclaration(SourceLocation Location, string Name, SourceLocation NameLocation) : Statement(Location);
