using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

internal sealed partial class ProgramCompiler
{
    // Far beyond what any simulator holds, and small enough that offsets never overflow.
    private const int MaxBits = 1 << 20;

    private void Declare(ClassicalDeclaration declaration)
    {
        var type = declaration.Type;
        if (type.Keyword is "qubit" or "qreg")
        {
            DeclareQubits(declaration);
            return;
        }
        if (type.IsArray)
        {
            DeclareArray(declaration);
            return;
        }
        switch (declaration.Kind)
        {
            case DeclarationKind.Input:
                DeclareInput(declaration);
                return;
            case DeclarationKind.Output:
                DeclareOutput(declaration);
                return;
            default:
                break;
        }
        if (type.Keyword is "bit" or "creg" && _scope.IsGlobal && declaration.Kind == DeclarationKind.Variable)
        {
            DeclareBitRegister(declaration);
            return;
        }
        var valueType = ResolveType(type);
        var variable = new VariableSymbol(declaration.Name, declaration.NameLocation, valueType, declaration.Kind == DeclarationKind.Constant);
        if (declaration.Kind == DeclarationKind.Constant)
        {
            if (declaration.Initializer is null)
            {
                throw new QasmException(declaration.NameLocation, $"constant '{declaration.Name}' needs a value");
            }
            variable.Value = Cast(declaration.Initializer.Location, Known(declaration.Initializer, $"the value of constant '{declaration.Name}'"), valueType);
            Declare(variable);
            return;
        }
        Declare(variable);
        if (declaration.Initializer is MeasureExpression measure)
        {
            MeasureInto(measure, variable, null, declaration.Location);
        }
        else if (declaration.Initializer is not null)
        {
            StoreVariable(variable, null, Evaluate(declaration.Initializer), declaration.Location);
        }
    }

    private static ClassicalValue Cast(SourceLocation location, ClassicalValue value, ClassicalType type)
    {
        try
        {
            return ClassicalOperators.Cast(value, type);
        }
        catch (ClassicalEvaluationException e)
        {
            throw new QasmException(location, e.Message, e);
        }
    }

    private int Size(TypeSyntax type, string what)
    {
        if (type.Size is null)
        {
            return 1;
        }
        var size = KnownInteger(type.Size, $"the size of {what}");
        if (size < 1 || size > MaxBits)
        {
            throw new QasmException(type.Size.Location, $"the size of {what} must be between 1 and {MaxBits}, got {size}");
        }
        return (int)size;
    }

    private void DeclareQubits(ClassicalDeclaration declaration)
    {
        RequireGlobal(declaration.Location, "a qubit declaration");
        if (_physicalQubits >= 0)
        {
            throw new QasmException(declaration.Location, "a program that uses physical qubits ('$0') cannot also declare qubits");
        }
        var size = Size(declaration.Type, $"qubit register '{declaration.Name}'");
        if ((long)_qubitCount + size > MaxBits)
        {
            throw new QasmException(declaration.NameLocation, $"too many qubits: more than {MaxBits}");
        }
        var qubits = Enumerable.Range(_qubitCount, size).ToArray();
        Declare(new QubitSymbol(declaration.Name, declaration.NameLocation, qubits, declaration.Type.Size is null));
        _quantum.Add(new Register(declaration.Name, _qubitCount, size));
        _qubitCount += size;
    }

    private ClbitSymbol NewClbits(ClassicalDeclaration declaration, int size, bool isScalar, ClassicalType valueType)
    {
        if ((long)_clbitCount + size > MaxBits)
        {
            throw new QasmException(declaration.NameLocation, $"too many clbits: more than {MaxBits}");
        }
        var clbits = Enumerable.Range(_clbitCount, size).ToArray();
        var symbol = new ClbitSymbol(declaration.Name, declaration.NameLocation, clbits, isScalar, valueType);
        Declare(symbol);
        _classical.Add(new Register(declaration.Name, _clbitCount, size));
        _clbitCount += size;
        return symbol;
    }

    private void DeclareBitRegister(ClassicalDeclaration declaration)
    {
        var size = Size(declaration.Type, $"bit register '{declaration.Name}'");
        var symbol = NewClbits(declaration, size, declaration.Type.Size is null, ClassicalType.Bits(Math.Min(size, ClassicalType.MaxWidth)));
        if (declaration.Initializer is MeasureExpression measure)
        {
            MeasureIntoClbits(measure, symbol.Clbits, declaration.Location);
        }
        else if (declaration.Initializer is not null)
        {
            StoreClbits(symbol.Clbits, Evaluate(declaration.Initializer), declaration.Location);
        }
    }

    /// <summary>
    /// <c>output type name;</c>: a global variable whose value each shot reports. It is kept in clbits
    /// of a register of its name, so counts (and the grid's result merging) carry it like any register.
    /// </summary>
    private void DeclareOutput(ClassicalDeclaration declaration)
    {
        RequireGlobal(declaration.Location, "an 'output' declaration");
        var type = declaration.Type.Keyword is "bit" or "creg"
            ? ClassicalType.Bits(Math.Min(Size(declaration.Type, $"output '{declaration.Name}'"), ClassicalType.MaxWidth))
            : ResolveType(declaration.Type);
        if (!type.IsBitLike)
        {
            throw new QasmException(declaration.Type.Location, $"output '{declaration.Name}' of type {type} is not supported: outputs are reported per shot as bits (bool, int, uint, angle or bit)");
        }
        var width = declaration.Type.Keyword is "bit" or "creg" ? Size(declaration.Type, $"output '{declaration.Name}'") : type.Width;
        var symbol = NewClbits(declaration, width, declaration.Type.Size is null && type.Kind == ClassicalKind.Bit, type);
        if (declaration.Initializer is MeasureExpression measure)
        {
            MeasureIntoClbits(measure, symbol.Clbits, declaration.Location);
        }
        else if (declaration.Initializer is not null)
        {
            StoreClbits(symbol.Clbits, Convert(declaration.Location, Evaluate(declaration.Initializer), type), declaration.Location);
        }
    }

    private void DeclareInput(ClassicalDeclaration declaration)
    {
        RequireGlobal(declaration.Location, "an 'input' declaration");
        var type = ResolveType(declaration.Type);
        if (_options.Parameters is null || !_options.Parameters.TryGetValue(declaration.Name, out var value))
        {
            throw new QasmException(declaration.NameLocation, $"no value bound for input parameter '{declaration.Name}'");
        }
        if (!double.IsFinite(value))
        {
            throw new QasmException(declaration.NameLocation, $"the value bound for input parameter '{declaration.Name}' is not finite");
        }
        if (type.IsInteger && value != Math.Floor(value))
        {
            throw new QasmException(declaration.NameLocation, $"input '{declaration.Name}' is {type} but the value bound for it, {value}, is not an integer");
        }
        var variable = new VariableSymbol(declaration.Name, declaration.NameLocation, type, true)
        {
            Value = Cast(declaration.NameLocation, ClassicalValue.FromFloat(value), type),
        };
        Declare(variable);
        _inputNames.Add(declaration.Name);
        _boundInputs.Add(declaration.Name);
    }

    private void DeclareArray(ClassicalDeclaration declaration)
    {
        var type = declaration.Type;
        if (type.Dimensions is null)
        {
            throw new QasmException(type.Location, "an array declaration needs its dimensions ('#dim' is for subroutine parameters)");
        }
        var element = ResolveType(type.Element!);
        var dimensions = type.Dimensions.Select(d => (int)Math.Clamp(KnownInteger(d, "an array dimension"), 0, MaxBits)).ToArray();
        if (dimensions.Any(d => d < 1))
        {
            throw new QasmException(type.Location, "array dimensions must be at least 1");
        }
        var count = dimensions.Aggregate(1L, (a, b) => a * b);
        if (count > MaxBits)
        {
            throw new QasmException(type.Location, $"array '{declaration.Name}' has {count} elements, more than {MaxBits}");
        }
        var values = Enumerable.Repeat(new ClassicalValue(element, 0, 0), (int)count).ToArray();
        var array = new ArraySymbol(declaration.Name, declaration.NameLocation, element, dimensions, values, declaration.Kind == DeclarationKind.Constant);
        if (declaration.Initializer is not null)
        {
            FillArray(array, 0, dimensions, declaration.Initializer);
        }
        Declare(array);
    }

    /// <summary>Writes an initialiser (<c>{..}</c>, nested per dimension) or a copied row into the array at <paramref name="offset"/>.</summary>
    private void FillArray(ArraySymbol array, int offset, int[] dimensions, Expression initializer)
    {
        if (initializer is not SetExpression set)
        {
            var (source, rowOffset, length) = ArrayRow(initializer);
            var expected = dimensions.Aggregate(1, (a, b) => a * b);
            if (length != expected)
            {
                throw new QasmException(initializer.Location, $"expected {expected} element(s) for array '{array.Name}', got {length}");
            }
            for (var i = 0; i < length; i++)
            {
                array.Values[offset + i] = Cast(initializer.Location, source.Values[rowOffset + i], array.Element);
            }
            return;
        }
        if (set.Elements.Count != dimensions[0])
        {
            throw new QasmException(set.Location, $"array '{array.Name}' expects {dimensions[0]} element(s) here, got {set.Elements.Count}");
        }
        var inner = dimensions.Skip(1).ToArray();
        var stride = inner.Aggregate(1, (a, b) => a * b);
        for (var i = 0; i < set.Elements.Count; i++)
        {
            if (inner.Length > 0)
            {
                FillArray(array, offset + (i * stride), inner, set.Elements[i]);
            }
            else
            {
                array.Values[offset + i] = Cast(set.Elements[i].Location, Known(set.Elements[i], "an array element"), array.Element);
            }
        }
    }

    /// <summary>A whole array or a row of one (<c>a</c>, <c>a[0]</c>): its storage, start and length.</summary>
    private (ArraySymbol Source, int Offset, int Length) ArrayRow(Expression expression)
    {
        var name = AssignedNames.BaseName(expression);
        if (name is null || _scope.Lookup(name) is not ArraySymbol source)
        {
            throw new QasmException(expression.Location, "expected an array initialiser '{...}' or an array");
        }
        if (expression is IndexExpression index)
        {
            var (offset, remaining) = ArrayOffset(index, source);
            return (source, offset, remaining.Aggregate(1, (a, b) => a * b));
        }
        return (source, 0, source.Values.Length);
    }

    private void Alias(AliasStatement alias)
    {
        if (AssignedNames.BaseName(alias.Value) is { } name && _scope.Lookup(name) is ClbitSymbol)
        {
            var bits = ClbitsOf(alias.Value);
            Declare(new ClbitSymbol(alias.Name, alias.NameLocation, bits, false, ClassicalType.Bits(Math.Min(bits.Length, 64))));
            return;
        }
        var (qubits, isRegister) = ResolveQubits(alias.Value);
        Declare(new QubitSymbol(alias.Name, alias.NameLocation, qubits, !isRegister));
    }

    private int[] ClbitsOf(Expression expression)
    {
        switch (expression)
        {
            case IdentifierExpression id when _scope.Lookup(id.Name) is ClbitSymbol c:
                return c.Clbits;
            case IndexExpression { Indices.Count: 1 } index when AssignedNames.BaseName(index.Target) is { } name && _scope.Lookup(name) is ClbitSymbol:
                var all = ClbitsOf(index.Target);
                return Positions(index.Indices[0], all.Length, $"'{name}'").Select(p => all[p]).ToArray();
            case ClassicalBinaryExpression { Operator: ClassicalOperator.Concatenate } concat:
                return [.. ClbitsOf(concat.Left), .. ClbitsOf(concat.Right)];
            default:
                throw new QasmException(expression.Location, "expected bits of a bit register");
        }
    }

    private static readonly Dictionary<string, ClassicalOperator> CompoundOperators = new(StringComparer.Ordinal)
    {
        ["+="] = ClassicalOperator.Add,
        ["-="] = ClassicalOperator.Subtract,
        ["*="] = ClassicalOperator.Multiply,
        ["/="] = ClassicalOperator.Divide,
        ["%="] = ClassicalOperator.Modulo,
        ["**="] = ClassicalOperator.Power,
        ["&="] = ClassicalOperator.BitAnd,
        ["|="] = ClassicalOperator.BitOr,
        ["^="] = ClassicalOperator.BitXor,
        ["<<="] = ClassicalOperator.LeftShift,
        [">>="] = ClassicalOperator.RightShift,
    };

    private void Assign(AssignmentStatement assignment)
    {
        var target = assignment.Target;
        var name = AssignedNames.BaseName(target) ?? throw new QasmException(target.Location, "expected a variable or bit register to assign to");
        var symbol = _scope.Lookup(name) ?? throw new QasmException(target.Location, $"undefined identifier '{name}'");
        if (assignment.Value is MeasureExpression measure && assignment.Operator == "=")
        {
            switch (symbol)
            {
                case ClbitSymbol:
                    MeasureIntoClbits(measure, ClbitsOf(target), assignment.Location);
                    return;
                case VariableSymbol variable:
                    MeasureInto(measure, variable, TargetBits(target, variable), assignment.Location);
                    return;
                default:
                    break;
            }
        }
        ClassicalExpression Value()
        {
            var value = Evaluate(assignment.Value);
            if (assignment.Operator == "=")
            {
                return value;
            }
            var current = Evaluate(target);
            return Combine(assignment.Location, CompoundOperators[assignment.Operator], current, value);
        }
        switch (symbol)
        {
            case VariableSymbol { IsConstant: true }:
                throw new QasmException(target.Location, $"cannot assign to constant '{name}'");
            case VariableSymbol variable:
                StoreVariable(variable, TargetBits(target, variable), Value(), assignment.Location);
                return;
            case ClbitSymbol clbits:
                var bits = ClbitsOf(target);
                var value = Value();
                StoreClbits(bits, target is IdentifierExpression ? Convert(assignment.Location, value, clbits.ValueType) : value, assignment.Location);
                return;
            case ArraySymbol array:
                AssignArray(assignment, array, Value);
                return;
            case QubitSymbol:
                throw new QasmException(target.Location, $"'{name}' is a qubit register: assign measurements to bits ('c = measure {name};')");
            default:
                throw new QasmException(target.Location, $"cannot assign to '{name}'");
        }
    }

    private void AssignArray(AssignmentStatement assignment, ArraySymbol array, Func<ClassicalExpression> value)
    {
        if (array.IsReadOnly)
        {
            throw new QasmException(assignment.Target.Location, $"array '{array.Name}' is read-only");
        }
        if (_runtimeDepth > 0)
        {
            throw new QasmException(assignment.Location, $"array '{array.Name}' is written under a condition on measured values: arrays are kept only while the program is read");
        }
        if (assignment.Target is IndexExpression { Indices: [RangeExpression range], Target: IdentifierExpression } slice && assignment.Operator == "=")
        {
            CopyRows(array, range, assignment.Value, slice.Location);
            return;
        }
        var (offset, remaining) = assignment.Target is IndexExpression index ? ArrayOffset(index, array) : (0, array.Dimensions);
        if (remaining.Length > 0)
        {
            if (assignment.Operator != "=")
            {
                throw new QasmException(assignment.Location, "compound assignment needs one array element");
            }
            FillArray(array, offset, remaining, assignment.Value);
            return;
        }
        var result = value();
        if (result is not ConstantExpression c)
        {
            throw new QasmException(assignment.Value.Location, $"array '{array.Name}' cannot hold a value measured per shot: arrays are kept only while the program is read");
        }
        array.Values[offset] = Cast(assignment.Location, c.Value, array.Element);
    }

    /// <summary><c>a[0:1] = b[2:3];</c>: rows of the first dimension copied (all read before any is written).</summary>
    private void CopyRows(ArraySymbol array, RangeExpression range, Expression value, SourceLocation location)
    {
        if (value is not IndexExpression { Indices: [RangeExpression from], Target: IdentifierExpression source } || _scope.Lookup(source.Name) is not ArraySymbol other)
        {
            throw new QasmException(value.Location, "a slice of an array takes a slice of an array (a[0:1] = b[2:3])");
        }
        var to = Positions(range, array.Dimensions[0], $"array '{array.Name}'");
        var rows = Positions(from, other.Dimensions[0], $"array '{other.Name}'");
        var stride = array.Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);
        if (to.Count != rows.Count || stride != other.Dimensions.Skip(1).Aggregate(1, (a, b) => a * b))
        {
            throw new QasmException(location, $"the slices of '{array.Name}' and '{other.Name}' differ in shape");
        }
        var copied = rows.SelectMany(r => other.Values.Skip(r * stride).Take(stride)).ToArray();
        for (var i = 0; i < to.Count; i++)
        {
            for (var j = 0; j < stride; j++)
            {
                array.Values[(to[i] * stride) + j] = Cast(location, copied[(i * stride) + j], array.Element);
            }
        }
    }

    /// <summary>The bit positions an indexed target writes (<c>x[0]</c>, <c>x[0:3]</c>), or null for the whole variable.</summary>
    private List<int>? TargetBits(Expression target, VariableSymbol variable)
    {
        if (target is not IndexExpression index)
        {
            return null;
        }
        if (index.Target is not IdentifierExpression || index.Indices.Count != 1)
        {
            throw new QasmException(index.Location, "expected one index of a variable");
        }
        if (!variable.Type.IsBitLike)
        {
            throw new QasmException(index.Location, $"cannot index '{variable.Name}' of type {variable.Type}");
        }
        return Positions(index.Indices[0], variable.Type.Width, $"'{variable.Name}'");
    }

    /// <summary>
    /// Stores a value in a variable: folded now while both are known and nothing per shot decides
    /// whether this line runs; otherwise the variable moves to per-shot memory and the store is emitted.
    /// </summary>
    private void StoreVariable(VariableSymbol variable, List<int>? bits, ClassicalExpression value, SourceLocation location)
    {
        // Inside a per-shot region, a variable still known here is one the region itself declared
        // (every outer one it assigns was moved to per-shot memory first), so folding stays right.
        if (!variable.IsRuntime && value is ConstantExpression c)
        {
            variable.Value = bits is null
                ? Cast(location, c.Value, variable.Type)
                : bits.Select((p, i) => (p, i)).Aggregate(variable.Value, (v, pi) => v.WithBit(pi.p, c.Value.Bit(pi.i)));
            return;
        }
        MakeRuntime(variable, location);
        var stored = bits is null ? Convert(location, value, variable.Type) : value;
        Emit(new AssignOperation(new VariableTarget(variable.Slot, bits), stored), location);
    }

    private void StoreClbits(int[] clbits, ClassicalExpression value, SourceLocation location)
    {
        var width = Math.Min(clbits.Length, ClassicalType.MaxWidth);
        if (clbits.Length > ClassicalType.MaxWidth)
        {
            throw new QasmException(location, $"assigning to more than {ClassicalType.MaxWidth} bits at once is not supported");
        }
        var stored = value.Type.Kind == ClassicalKind.Bit || value.Type.IsInteger || value.Type.Kind == ClassicalKind.Angle || value.Type == ClassicalType.Bool
            ? value
            : Convert(location, value, ClassicalType.Bits(width));
        Emit(new AssignOperation(new ClbitTarget(clbits), stored), location);
    }
}
