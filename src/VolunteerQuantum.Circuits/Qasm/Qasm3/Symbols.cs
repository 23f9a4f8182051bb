using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

/// <summary>What a name means in an OpenQASM 3 program.</summary>
internal abstract class Symbol(string name, SourceLocation declared)
{
    public string Name { get; } = name;

    public SourceLocation Declared { get; } = declared;
}

/// <summary>A qubit register, a qubit, or an alias of some qubits.</summary>
internal sealed class QubitSymbol(string name, SourceLocation declared, int[] qubits, bool isScalar) : Symbol(name, declared)
{
    public int[] Qubits { get; } = qubits;

    public bool IsScalar { get; } = isScalar;
}

/// <summary>
/// A global bit register (or an <c>output</c> variable): its clbits are what the counts report. Reading
/// it is always per shot. <see cref="ValueType"/> is bit[n], or the output variable's declared type.
/// </summary>
internal sealed class ClbitSymbol(string name, SourceLocation declared, int[] clbits, bool isScalar, ClassicalType valueType) : Symbol(name, declared)
{
    public int[] Clbits { get; } = clbits;

    public bool IsScalar { get; } = isScalar;

    public ClassicalType ValueType { get; } = valueType;
}

/// <summary>
/// A classical variable. While its value is known when the program is read, it is <see cref="Value"/>;
/// once it depends on a measurement it lives in <see cref="Slot"/> of each shot's memory.
/// </summary>
internal sealed class VariableSymbol(string name, SourceLocation declared, ClassicalType type, bool isConstant) : Symbol(name, declared)
{
    public ClassicalType Type { get; } = type;

    public bool IsConstant { get; } = isConstant;

    public ClassicalValue Value { get; set; } = new(type, 0, 0);

    public int Slot { get; set; } = -1;

    public bool IsRuntime => Slot >= 0;
}

/// <summary>An array, kept while the program is read (its elements must be known then).</summary>
internal sealed class ArraySymbol(string name, SourceLocation declared, ClassicalType element, int[] dimensions, ClassicalValue[] values, bool isReadOnly) : Symbol(name, declared)
{
    public ClassicalType Element { get; } = element;

    public int[] Dimensions { get; } = dimensions;

    public ClassicalValue[] Values { get; } = values;

    public bool IsReadOnly { get; } = isReadOnly;
}

internal sealed class SubroutineSymbol(SubroutineDeclaration declaration) : Symbol(declaration.Name, declaration.NameLocation)
{
    public SubroutineDeclaration Declaration { get; } = declaration;
}

internal sealed class ExternSymbol(string name, SourceLocation declared) : Symbol(name, declared);

/// <summary>
/// One block's names. A subroutine's scope sees its own names and the global ones, never its caller's.
/// </summary>
internal sealed class Scope(Scope? parent, bool isSubroutine = false)
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public bool IsGlobal => Parent is null;

    public bool IsSubroutine { get; } = isSubroutine;

    public Symbol? Lookup(string name)
    {
        for (var scope = this; scope is not null;)
        {
            if (scope._symbols.TryGetValue(name, out var symbol))
            {
                return symbol;
            }
            scope = scope.IsSubroutine ? Global(scope) : scope.Parent;
        }
        return null;
    }

    public Symbol? LookupHere(string name) => _symbols.GetValueOrDefault(name);

    public void Add(Symbol symbol) => _symbols[symbol.Name] = symbol;

    private static Scope? Global(Scope scope)
    {
        while (scope.Parent is not null)
        {
            scope = scope.Parent;
        }
        return scope;
    }
}
