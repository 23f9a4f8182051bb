using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

internal sealed partial class ProgramCompiler
{
    private Completion If(ConditionalStatement conditional)
    {
        var condition = Evaluate(conditional.Condition);
        if (condition is ConstantExpression known)
        {
            return CompileBlock(known.Value.AsBool() ? conditional.Then : conditional.Else);
        }
        PrepareRuntimeRegion([.. conditional.Then, .. conditional.Else], conditional.Location);
        var (test, negated) = RuntimeCondition(condition);
        var then = RuntimeBranch(conditional.Then);
        var otherwise = RuntimeBranch(conditional.Else);
        if (then.Count > 0 || otherwise.Count > 0)
        {
            Emit(negated ? new ConditionalOperation(test, otherwise, then) : new ConditionalOperation(test, then, otherwise), conditional.Location);
        }
        return Completion.Normal;
    }

    /// <summary>A body that runs only on some shots (a branch, a case).</summary>
    private List<Operation> RuntimeBranch(IReadOnlyList<Statement> body)
    {
        _runtimeDepth++;
        try
        {
            return Capture(() => CompileBlock(body)).Operations;
        }
        finally
        {
            _runtimeDepth--;
        }
    }

    private Completion Switch(SwitchStatement choice)
    {
        var control = Evaluate(choice.Control);
        if (!control.Type.IsInteger && control.Type.Kind != ClassicalKind.Bit)
        {
            throw new QasmException(choice.Control.Location, $"a switch needs an integer, not {control.Type}");
        }
        var cases = choice.Cases.Select(c => (Case: c, Values: c.Values.Select(v => Known(v, "a case value")).ToArray())).ToArray();
        if (control is ConstantExpression known)
        {
            var match = cases.FirstOrDefault(c => c.Values.Any(v => ClassicalOperators.Compare(known.Value, v) == 0));
            return CompileBlock(match.Case?.Body ?? choice.Default ?? []);
        }
        PrepareRuntimeRegion([.. choice.Cases.SelectMany(c => c.Body), .. choice.Default ?? []], choice.Location);
        // if (control ∈ case 1) ... else if (control ∈ case 2) ... else default
        var otherwise = RuntimeBranch(choice.Default ?? []);
        for (var i = cases.Length - 1; i >= 0; i--)
        {
            var test = cases[i].Values
                .Select(v => (ClassicalExpression)new BinaryClassicalExpression(ClassicalOperator.Equal, control, new ConstantExpression(v)))
                .Aggregate((a, b) => new BinaryClassicalExpression(ClassicalOperator.LogicalOr, a, b));
            var (condition, negated) = RuntimeCondition(test);
            var body = RuntimeBranch(cases[i].Case.Body);
            var operation = negated ? new ConditionalOperation(condition, otherwise, body) : new ConditionalOperation(condition, body, otherwise);
            otherwise = [operation with { Location = cases[i].Case.Location }];
        }
        _output.AddRange(otherwise);
        return Completion.Normal;
    }

    private Completion For(ForStatement loop)
    {
        var values = Iterations(loop);
        if (values.Count > _options.MaxLoopIterations)
        {
            throw new QasmException(loop.Location, $"this for loop runs {values.Count} iterations, more than the limit of {_options.MaxLoopIterations} (QasmParseOptions.MaxLoopIterations)");
        }
        var type = loop.VariableType is null ? (ClassicalType?)null : ResolveType(loop.VariableType);
        var context = new LoopContext(false, _runtimeDepth);
        var savedLoop = _loop;
        _loop = context;
        var iterations = new List<List<Operation>>();
        var completion = Completion.Normal;
        try
        {
            foreach (var value in values)
            {
                var scope = new Scope(_scope);
                var variable = new VariableSymbol(loop.Variable, loop.VariableLocation, type ?? value.Type, false);
                variable.Value = Cast(loop.VariableLocation, value, variable.Type);
                scope.Add(variable);
                var (operations, result) = Capture(() => CompileBlock(loop.Body, scope));
                iterations.Add(operations);
                if (result is Completion.Break or Completion.Return)
                {
                    completion = result == Completion.Return ? Completion.Return : Completion.Normal;
                    break;
                }
            }
        }
        finally
        {
            _loop = savedLoop;
        }
        EmitUnrolled(iterations, context, loop.Location);
        return completion;
    }

    /// <summary>Unrolled iterations: inline, or in blocks when a per-shot break or continue may leave them.</summary>
    private void EmitUnrolled(List<List<Operation>> iterations, LoopContext context, SourceLocation location)
    {
        if (!context.EmittedJumps)
        {
            foreach (var iteration in iterations)
            {
                _output.AddRange(iteration);
            }
            return;
        }
        var blocks = iterations.Select(i => (Operation)new BlockOperation(i, BlockKind.Iteration) { Location = location }).ToArray();
        Emit(new BlockOperation(blocks, BlockKind.Loop), location);
    }

    private List<ClassicalValue> Iterations(ForStatement loop)
    {
        switch (loop.Iterable)
        {
            case RangeExpression range:
                if (range.Start is null || range.End is null)
                {
                    throw new QasmException(range.Location, "a for loop's range needs a start and an end");
                }
                var start = Known(range.Start, "a for loop's range");
                var end = Known(range.End, "a for loop's range");
                var step = range.Step is null ? 1 : KnownInteger(range.Step, "a for loop's step");
                if (step == 0)
                {
                    throw new QasmException(range.Location, "a range step cannot be 0");
                }
                var (first, last) = (start.AsInt64(), end.AsInt64());
                var count = step > 0 ? (last - first) / step + 1 : (first - last) / -step + 1;
                if (count > _options.MaxLoopIterations)
                {
                    throw new QasmException(loop.Location, $"this for loop runs {count} iterations, more than the limit of {_options.MaxLoopIterations} (QasmParseOptions.MaxLoopIterations)");
                }
                var type = start.Type.IsInteger ? start.Type : ClassicalType.SignedInt();
                var list = new List<ClassicalValue>();
                for (var i = first; step > 0 ? i <= last : i >= last; i += step)
                {
                    list.Add(ClassicalValue.FromInteger(type, i));
                }
                return list;
            case SetExpression set:
                return set.Elements.Select(e => Known(e, "a for loop's set")).ToList();
            case IdentifierExpression id when _scope.Lookup(id.Name) is ArraySymbol array:
                if (array.Dimensions.Length != 1)
                {
                    throw new QasmException(id.Location, $"a for loop over array '{array.Name}' needs a one-dimensional array");
                }
                return [.. array.Values];
            default:
                var value = Known(loop.Iterable, "what a for loop iterates over");
                if (value.Type.Kind != ClassicalKind.Bit)
                {
                    throw new QasmException(loop.Iterable.Location, $"a for loop iterates over a range, a set, an array or bits, not {value.Type}");
                }
                return Enumerable.Range(0, value.Type.Width).Select(i => ClassicalValue.FromBits(ClassicalType.Bits(1), value.Bit(i) ? 1UL : 0UL)).ToList();
        }
    }

    /// <summary>
    /// A while loop: iterated while reading for as long as its condition is known, then (if the
    /// condition comes to depend on measurements) a per-shot loop for the rest.
    /// </summary>
    private Completion While(WhileStatement loop)
    {
        var context = new LoopContext(false, _runtimeDepth);
        var savedLoop = _loop;
        var iterations = new List<List<Operation>>();
        var completion = Completion.Normal;
        try
        {
            for (var count = 0; ; count++)
            {
                var condition = Evaluate(loop.Condition);
                if (condition is not ConstantExpression known)
                {
                    iterations.Add(Capture(() => RuntimeWhile(loop)).Operations);
                    break;
                }
                if (!known.Value.AsBool())
                {
                    break;
                }
                if (count >= _options.MaxLoopIterations)
                {
                    throw new QasmException(loop.Location, $"this while loop ran more than {_options.MaxLoopIterations} iterations while the program was read (QasmParseOptions.MaxLoopIterations)");
                }
                _loop = context;
                var (operations, result) = Capture(() => CompileBlock(loop.Body));
                _loop = savedLoop;
                iterations.Add(operations);
                if (result is Completion.Break or Completion.Return)
                {
                    completion = result == Completion.Return ? Completion.Return : Completion.Normal;
                    break;
                }
            }
        }
        finally
        {
            _loop = savedLoop;
        }
        EmitUnrolled(iterations, context, loop.Location);
        return completion;
    }

    private Completion RuntimeWhile(WhileStatement loop)
    {
        PrepareRuntimeRegion(loop.Body, loop.Location);
        var (condition, negated) = RuntimeCondition(Evaluate(loop.Condition));
        if (negated)
        {
            condition = new UnaryClassicalExpression(ClassicalOperator.LogicalNot, condition);
        }
        var counter = NewSlot($"while@{loop.Location.Line}", ClassicalType.UnsignedInt());
        Emit(new AssignOperation(new VariableTarget(counter), new ConstantExpression(ClassicalValue.FromInteger(ClassicalType.UnsignedInt(), 0))), loop.Location);
        var savedLoop = _loop;
        _loop = new LoopContext(true, _runtimeDepth + 1);
        _runtimeDepth++;
        try
        {
            var body = Capture(() => CompileBlock(loop.Body)).Operations;
            Emit(new WhileOperation(condition, body, counter, _options.MaxLoopIterations), loop.Location);
        }
        finally
        {
            _runtimeDepth--;
            _loop = savedLoop;
        }
        return Completion.Normal;
    }

    private Completion Jump(JumpStatement jump)
    {
        if (jump.Keyword == "end")
        {
            if (_runtimeDepth > 0)
            {
                throw new QasmException(jump.Location, "'end' under a condition on measured values is not supported");
            }
            return Completion.Return;
        }
        var loop = _loop ?? throw new QasmException(jump.Location, $"'{jump.Keyword}' outside a loop");
        if (loop.RunsPerShot || _runtimeDepth > loop.DepthAtEntry)
        {
            Emit(jump.Keyword == "break" ? new BreakOperation() : new ContinueOperation(), jump.Location);
            loop.EmittedJumps |= !loop.RunsPerShot;
        }
        return jump.Keyword == "break" ? Completion.Break : Completion.Continue;
    }

    private Completion Return(ReturnStatement returns)
    {
        var subroutine = _subroutine ?? throw new QasmException(returns.Location, "'return' outside a subroutine");
        if (_runtimeDepth > subroutine.DepthAtEntry)
        {
            throw new QasmException(returns.Location, "'return' under a condition on measured values is not supported: assign the result to a variable and return it at the end");
        }
        if (returns.Value is not null)
        {
            if (subroutine.Declaration.ReturnType is null)
            {
                throw new QasmException(returns.Location, $"subroutine '{subroutine.Declaration.Name}' declares no return type but returns a value");
            }
            var type = ResolveType(subroutine.Declaration.ReturnType);
            subroutine.Returned = Convert(returns.Location, Evaluate(returns.Value), type);
        }
        return Completion.Return;
    }

    /// <summary>Inlines a subroutine call: arguments bound in a fresh scope that sees only the globals.</summary>
    private ClassicalExpression? CallSubroutine(SubroutineDeclaration declaration, IReadOnlyList<Expression> arguments, SourceLocation location)
    {
        if (arguments.Count != declaration.Parameters.Count)
        {
            throw new QasmException(location, $"subroutine '{declaration.Name}' takes {GateCompiler.Plural(declaration.Parameters.Count, "argument")}, got {arguments.Count}");
        }
        if (++_callDepth > MaxCallDepth)
        {
            throw new QasmException(location, $"subroutine calls nested deeper than {MaxCallDepth} (is '{declaration.Name}' recursive?)");
        }
        var scope = new Scope(_global, isSubroutine: true);
        for (var i = 0; i < arguments.Count; i++)
        {
            scope.Add(Bind(declaration.Parameters[i], arguments[i]));
        }
        var savedLoop = _loop;
        var savedSubroutine = _subroutine;
        _loop = null;
        _subroutine = new SubroutineContext(declaration, _runtimeDepth);
        try
        {
            CompileBlock(declaration.Body, scope);
            if (declaration.ReturnType is not null && _subroutine.Returned is null)
            {
                throw new QasmException(location, $"subroutine '{declaration.Name}' ended without returning a value");
            }
            return _subroutine.Returned;
        }
        finally
        {
            _loop = savedLoop;
            _subroutine = savedSubroutine;
            _callDepth--;
        }
    }

    private Symbol Bind(ParameterSyntax parameter, Expression argument)
    {
        var type = parameter.Type;
        if (type.Keyword is "qubit" or "qreg")
        {
            var (qubits, _) = ResolveQubits(argument);
            var size = type.Size is null ? 1 : Size(type, $"parameter '{parameter.Name}'");
            if (qubits.Length != size)
            {
                throw new QasmException(argument.Location, $"parameter '{parameter.Name}' takes {GateCompiler.Plural(size, "qubit")}, got {qubits.Length}");
            }
            return new QubitSymbol(parameter.Name, parameter.Location, qubits, type.Size is null);
        }
        if (type.IsArray)
        {
            if (argument is not IdentifierExpression id || _scope.Lookup(id.Name) is not ArraySymbol array)
            {
                throw new QasmException(argument.Location, $"parameter '{parameter.Name}' takes an array");
            }
            if (array.Dimensions.Length != type.DimensionCount)
            {
                throw new QasmException(argument.Location, $"parameter '{parameter.Name}' takes a {type.DimensionCount}-dimensional array, got {array.Dimensions.Length} dimensions");
            }
            // Arrays pass by reference; readonly ones refuse writes.
            return new ArraySymbol(parameter.Name, parameter.Location, array.Element, array.Dimensions, array.Values, !parameter.IsMutable);
        }
        var valueType = ResolveType(type);
        var variable = new VariableSymbol(parameter.Name, parameter.Location, valueType, false);
        var value = argument is MeasureExpression measure ? MeasureValue(measure) : Evaluate(argument);
        if (value is ConstantExpression c)
        {
            variable.Value = Cast(argument.Location, c.Value, valueType);
        }
        else
        {
            variable.Slot = NewSlot(parameter.Name, valueType);
            Emit(new AssignOperation(new VariableTarget(variable.Slot), Convert(argument.Location, value, valueType)), argument.Location);
        }
        return variable;
    }
}
