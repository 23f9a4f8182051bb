using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

/// <summary>
/// Reads an OpenQASM 3 program into a <see cref="Circuit"/> by running its classical part as far as it
/// can while reading: constants, loops over known ranges, subroutines, conditions on values known in
/// advance are all resolved here, so what reaches the simulator is mostly plain gates. Only what
/// depends on a measurement stays for each shot: assignments, conditions, while loops and gates with
/// measured parameters, over variables kept in per-shot memory. Before a region that runs per shot (a
/// branch, a loop body), every variable it assigns moves to per-shot memory with its current value.
/// </summary>
internal sealed partial class ProgramCompiler
{
    private const int MaxCallDepth = 64;

    private readonly QasmParseOptions _options;
    private readonly SourceUnit _main;
    private readonly IncludeLoader _includes;
    private readonly Dictionary<string, GateSymbol> _gates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtInsIncluded = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly List<string> _inputNames = [];
    private readonly HashSet<string> _boundInputs = new(StringComparer.Ordinal);
    private readonly List<Register> _quantum = [];
    private readonly List<Register> _classical = [];
    private readonly List<ClassicalVariable> _variables = [];
    private readonly GateExpander _expander;
    private readonly Scope _global = new(null);
    private Scope _scope;
    private List<Operation> _output = [];
    private int _qubitCount;
    private int _clbitCount;
    private int _physicalQubits = -1;
    private int _runtimeDepth;
    private int _callDepth;
    private LoopContext? _loop;
    private SubroutineContext? _subroutine;

    public ProgramCompiler(SourceUnit main, QasmParseOptions options, Func<string, string> reader)
    {
        _main = main;
        _options = options;
        _includes = new IncludeLoader(reader, main.File);
        _expander = new GateExpander(true, options.MaxOperations);
        _scope = _global;
        _gates["U"] = new GateSymbol("U", GateKind.U, 3, 1);
        _gates["gphase"] = new GateSymbol("gphase", GateKind.GlobalPhase, 1, 0);
    }

    private enum Completion
    {
        Normal,
        Break,
        Continue,
        Return,
    }

    /// <summary>The loop that <c>break</c> and <c>continue</c> refer to.</summary>
    private sealed class LoopContext(bool runsPerShot, int depthAtEntry)
    {
        public bool RunsPerShot { get; } = runsPerShot;

        public int DepthAtEntry { get; } = depthAtEntry;

        /// <summary>A per-shot break or continue was emitted inside this unrolled loop: it needs blocks.</summary>
        public bool EmittedJumps { get; set; }
    }

    private sealed class SubroutineContext(SubroutineDeclaration declaration, int depthAtEntry)
    {
        public SubroutineDeclaration Declaration { get; } = declaration;

        public int DepthAtEntry { get; } = depthAtEntry;

        public ClassicalExpression? Returned { get; set; }
    }

    public Circuit Compile()
    {
        _warnings.AddRange(_main.Warnings);
        // 'end' stops the program: whatever completion the main unit ends with, compilation is over.
        CompileUnit(_main);
        CheckBindings();
        var quantum = _physicalQubits >= 0 ? [new Register("$", 0, _physicalQubits + 1)] : _quantum.ToArray();
        return new Circuit(quantum, _classical.ToArray(), _output.ToArray(), _warnings.ToArray(), _inputNames.ToArray(), _variables.ToArray());
    }

    private Completion CompileUnit(SourceUnit unit)
    {
        foreach (var statement in unit.Statements)
        {
            var completion = Compile(statement);
            if (completion != Completion.Normal)
            {
                return completion;
            }
        }
        return Completion.Normal;
    }

    private Completion Compile(Statement statement)
    {
        switch (statement)
        {
            case IncludeStatement include:
                RequireGlobal(include.Location, "'include'");
                return Include(include);
            case GateDeclaration gate:
                RequireGlobal(gate.Location, "a gate definition");
                Define(gate);
                return Completion.Normal;
            case SubroutineDeclaration subroutine:
                RequireGlobal(subroutine.Location, "a subroutine definition");
                Declare(new SubroutineSymbol(subroutine));
                return Completion.Normal;
            case ExternDeclaration external:
                Declare(new ExternSymbol(external.Name, external.NameLocation));
                return Completion.Normal;
            case ClassicalDeclaration declaration:
                Declare(declaration);
                return Completion.Normal;
            case AliasStatement alias:
                Alias(alias);
                return Completion.Normal;
            case AssignmentStatement assignment:
                Assign(assignment);
                return Completion.Normal;
            case ExpressionStatement expression:
                Discard(expression.Expression);
                return Completion.Normal;
            case QuantumCallStatement call:
                Call(call);
                return Completion.Normal;
            case QuantumInstructionStatement instruction:
                Instruction(instruction);
                return Completion.Normal;
            case BlockStatement block:
                return CompileBlock(block.Body);
            case ConditionalStatement conditional:
                return If(conditional);
            case ForStatement loop:
                return For(loop);
            case WhileStatement loop:
                return While(loop);
            case SwitchStatement choice:
                return Switch(choice);
            case JumpStatement jump:
                return Jump(jump);
            case ReturnStatement returns:
                return Return(returns);
            default:
                throw new QasmException(statement.Location, "this statement is not allowed here");
        }
    }

    /// <summary>Statements in a new scope, stopping at a break, continue or return.</summary>
    private Completion CompileBlock(IReadOnlyList<Statement> body, Scope? scope = null)
    {
        var saved = _scope;
        _scope = scope ?? new Scope(_scope);
        try
        {
            foreach (var statement in body)
            {
                var completion = Compile(statement);
                if (completion != Completion.Normal)
                {
                    return completion;
                }
            }
            return Completion.Normal;
        }
        finally
        {
            _scope = saved;
        }
    }

    /// <summary>Compiles into a fresh operation list (a branch, a loop body) and returns it.</summary>
    private (List<Operation> Operations, Completion Completion) Capture(Func<Completion> compile)
    {
        var saved = _output;
        _output = [];
        try
        {
            var completion = compile();
            return (_output, completion);
        }
        finally
        {
            _output = saved;
        }
    }

    private void Emit(Operation operation, SourceLocation location) => _output.Add(operation with { Location = location });

    private void RequireGlobal(SourceLocation location, string what)
    {
        if (!_scope.IsGlobal)
        {
            throw new QasmException(location, $"{what} is only allowed at the top level of the program");
        }
    }

    private Completion Include(IncludeStatement include)
    {
        var unit = _includes.Open(include, include.Location.File, 3, out var isBuiltIn);
        if (isBuiltIn)
        {
            // Including a built-in twice is harmless: its gates are already defined.
            return _builtInsIncluded.Add(include.Path) ? CompileUnit(unit) : Completion.Normal;
        }
        _warnings.AddRange(unit.Warnings);
        var completion = CompileUnit(unit);
        _includes.Close();
        return completion;
    }

    private void Define(GateDeclaration declaration)
    {
        if (_global.LookupHere(declaration.Name) is { } other)
        {
            throw new QasmException(declaration.NameLocation, $"'{declaration.Name}' is already declared at {other.Declared}");
        }
        GateCompiler.Define(declaration, _gates, _warnings, true);
    }

    private void Declare(Symbol symbol)
    {
        if (_scope.LookupHere(symbol.Name) is { } existing)
        {
            // The specification forbids redeclaring a name in one scope; the one harmless case (a
            // constant declared again with the same value, as in its own arrays example) only warns.
            if (symbol is VariableSymbol { IsConstant: true } again && existing is VariableSymbol { IsConstant: true } before && again.Value == before.Value)
            {
                _warnings.Add($"{symbol.Declared}: warning: constant '{symbol.Name}' is declared again (first at {existing.Declared}) with the same value");
            }
            else
            {
                throw new QasmException(symbol.Declared, $"'{symbol.Name}' is already declared in this scope (at {existing.Declared})");
            }
        }
        if (_scope.IsGlobal && _gates.TryGetValue(symbol.Name, out var gate) && gate.Library is null && gate.Kind is not (GateKind.U or GateKind.GlobalPhase))
        {
            throw new QasmException(symbol.Declared, $"'{symbol.Name}' is already declared as a gate");
        }
        _scope.Add(symbol);
    }

    private void CheckBindings()
    {
        foreach (var name in (_options.Parameters?.Keys ?? []).Order(StringComparer.Ordinal))
        {
            if (!_boundInputs.Contains(name))
            {
                throw new QasmException(new SourceLocation(_main.File, 1, 1), $"a value is bound for '{name}' but the program declares no input parameter of that name");
            }
        }
    }

    /// <summary>A new per-shot variable slot.</summary>
    private int NewSlot(string name, ClassicalType type)
    {
        _variables.Add(new ClassicalVariable(name, type));
        return _variables.Count - 1;
    }

    /// <summary>Moves a variable known so far into per-shot memory, starting from its current value.</summary>
    private void MakeRuntime(VariableSymbol variable, SourceLocation location)
    {
        if (variable.IsRuntime)
        {
            return;
        }
        variable.Slot = NewSlot(variable.Name, variable.Type);
        Emit(new AssignOperation(new VariableTarget(variable.Slot), new ConstantExpression(variable.Value)), location);
    }

    /// <summary>Before a region that runs per shot: every variable it may assign goes to per-shot memory.</summary>
    private void PrepareRuntimeRegion(IEnumerable<Statement> region, SourceLocation location)
    {
        foreach (var name in AssignedNames.Of(region))
        {
            switch (_scope.Lookup(name))
            {
                case VariableSymbol { IsConstant: false } variable:
                    MakeRuntime(variable, location);
                    break;
                default:
                    break;
            }
        }
    }
}
